// The websites the widget runs on, for an owner: each site's tag to paste, its settings (origins,
// pre-chat fields, signed-in visitors, look) and its identity keys; a new site. What happened,
// or why not, shows in plain words.
import { useEffect, useRef, useState } from 'preact/hooks'
import { html } from '../../shared/html.js'
import { Dialog, Problem, useAttempt } from '../ui.js'

const FIELD_CHOICES = [['hidden', 'Not asked'], ['optional', 'Optional'], ['required', 'Required']]
const IDENTITY_CHOICES = [
  ['off', 'Anyone can chat'],
  ['optional', 'Anyone; signed-in users verified'],
  ['required', 'Only signed-in users (verified)'],
]

// The one tag a website adds (the loader is on the pages' own origin, as this dashboard is).
export const siteTag = (site, origin = location.origin) =>
  `<script src="${origin}/widget.js" data-site="${site.site_key}" async></script>`

const originsOf = (text) => text.split(/[\s,]+/).map((origin) => origin.trim().replace(/\/$/, '')).filter(Boolean)

function Choice({ id, label, value, choices }) {
  return html`
    <label for=${id}>${label}</label>
    <select id=${id} name=${id.split('-')[0]} value=${value}>
      ${choices.map(([choice, words]) => html`<option value=${choice}>${words}</option>`)}
    </select>`
}

// A site's settings as a form; onSave(settings) with what it holds.
function SiteForm({ site, onSave, onCancel, busy }) {
  const form = useRef(null)
  const key = site?.id ?? 'new'
  const submit = (event) => {
    event.preventDefault()
    const data = new FormData(form.current)
    onSave({
      name: data.get('name').trim(),
      origins: originsOf(data.get('origins')),
      identity_mode: data.get('identity'),
      name_field: data.get('namefield'),
      email_field: data.get('emailfield'),
      welcome_line: data.get('welcome').trim() || null,
      colour: data.get('colour'),
      position: data.get('position'),
    })
  }
  return html`
    <form ref=${form} onSubmit=${submit} aria-label=${site ? `Settings of ${site.name}` : 'New website'}>
      <label for=${`name-${key}`}>Name</label>
      <input id=${`name-${key}`} name="name" maxlength="100" required value=${site?.name ?? ''} />
      <label for=${`origins-${key}`}>Origins (one per line, as https://shop.example)</label>
      <textarea id=${`origins-${key}`} name="origins" rows="2" required>${site?.origins.join('\n') ?? ''}</textarea>
      <${Choice} id=${`namefield-${key}`} label="Ask for a name" value=${site?.name_field ?? 'optional'} choices=${FIELD_CHOICES} />
      <${Choice} id=${`emailfield-${key}`} label="Ask for an email" value=${site?.email_field ?? 'optional'} choices=${FIELD_CHOICES} />
      <${Choice} id=${`identity-${key}`} label="Who can chat" value=${site?.identity_mode ?? 'off'} choices=${IDENTITY_CHOICES} />
      <label for=${`welcome-${key}`}>Welcome line</label>
      <input id=${`welcome-${key}`} name="welcome" maxlength="300" value=${site?.welcome_line ?? ''} />
      <label for=${`colour-${key}`}>Colour</label>
      <input id=${`colour-${key}`} name="colour" type="color" value=${site?.colour ?? '#1d4ed8'} />
      <${Choice} id=${`position-${key}`} label="Corner" value=${site?.position ?? 'right'}
        choices=${[['right', 'Bottom right'], ['left', 'Bottom left']]} />
      <div class="actions">
        ${onCancel ? html`<button type="button" onClick=${onCancel}>Cancel</button>` : null}
        <button type="submit" class="primary" disabled=${busy}>${site ? 'Save' : 'Add website'}</button>
      </div>
    </form>`
}

// A site's identity keys: the public keys its server signs visitors' identity tokens with.
function SiteKeys({ dashboard, site, attempt }) {
  const pasted = useRef(null)
  const add = async (event) => {
    event.preventDefault()
    let jwk
    try {
      jwk = JSON.parse(pasted.current.value)
    } catch {
      await attempt(() => Promise.reject(new Error('Paste the public key as a JSON Web Key (JWK).')))
      return
    }
    if (await attempt(() => dashboard.addSiteKey(site.id, jwk), 'Key added.')) pasted.current.value = ''
  }
  return html`
    <section aria-label=${`Identity keys of ${site.name}`}>
      <h4>Identity keys</h4>
      ${site.keys.length ? html`
        <ul class="keys">
          ${site.keys.map((key) => html`
            <li key=${key.kid}><code>${key.kid}</code> <span class="muted">${key.public_jwk.kty}</span>
              <button type="button" class="danger" aria-label=${`Remove key ${key.kid}`}
                onClick=${() => attempt(() => dashboard.removeSiteKey(site.id, key.kid), `Key ${key.kid} removed.`)}>Remove</button>
            </li>`)}
        </ul>` : html`<p class="muted">No keys: visitors cannot be verified.</p>`}
      <form onSubmit=${add}>
        <label for=${`jwk-${site.id}`}>Add a public key (JWK with its kid; two at most)</label>
        <textarea id=${`jwk-${site.id}`} ref=${pasted} rows="3" required></textarea>
        <div class="actions"><button type="submit">Add key</button></div>
      </form>
    </section>`
}

export function SitesDialog({ dashboard, open, onClose }) {
  const { problem, done, attempt } = useAttempt()
  const [editing, setEditing] = useState(null) // a site's id, or 'new'
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (!open) return
    setEditing(null)
    attempt(() => dashboard.loadSites())
  }, [open])
  const save = async (siteId, settings) => {
    setBusy(true)
    const saved = await attempt(() => dashboard.saveSite(siteId, settings), siteId ? 'Saved.' : `${settings.name} added.`)
    setBusy(false)
    if (saved) setEditing(null)
  }
  const sites = dashboard.sites.value
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="sites-title">
      <h2 id="sites-title">Websites</h2>
      <p class="muted">Visitors of these websites start chats from a chat button. Add the tag to every page of the website.</p>
      <ul class="sites" aria-label="Websites">
        ${sites.map((site) => html`
          <li key=${site.id} class=${site.active ? '' : 'muted'}>
            <h3>${site.name}${site.active ? '' : ' (off)'}</h3>
            <label for=${`tag-${site.id}`}>Tag for ${site.name}</label>
            <input id=${`tag-${site.id}`} class="code" readonly value=${siteTag(site)} onFocus=${(event) => event.currentTarget.select()} />
            <p class="muted">${site.origins.join(', ')}</p>
            ${editing === site.id ? html`
              <${SiteForm} site=${site} busy=${busy} onSave=${(settings) => save(site.id, settings)} onCancel=${() => setEditing(null)} />
              <${SiteKeys} dashboard=${dashboard} site=${site} attempt=${attempt} />` : html`
              <div class="actions">
                <button type="button" aria-label=${`Change ${site.name}`} onClick=${() => setEditing(site.id)}>Change</button>
                <button type="button" aria-label=${`${site.active ? 'Switch off' : 'Switch on'} ${site.name}`}
                  onClick=${() => attempt(() => dashboard.saveSite(site.id, { active: !site.active }),
                    site.active ? `${site.name} is off: its chat button is gone.` : `${site.name} is on.`)}>
                  ${site.active ? 'Switch off' : 'Switch on'}</button>
              </div>`}
          </li>`)}
      </ul>
      ${editing === 'new' ? html`<${SiteForm} busy=${busy} onSave=${(settings) => save(null, settings)} onCancel=${() => setEditing(null)} />`
        : html`<div class="actions"><button type="button" onClick=${() => setEditing('new')}>Add a website</button></div>`}
      <${Problem} text=${problem} />
      <p class="muted" role="status" aria-live="polite">${done}</p>
      <div class="actions"><button type="button" onClick=${onClose}>Done</button></div>
    <//>`
}

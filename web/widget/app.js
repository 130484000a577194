// The widget's components: the site's bar (its name, a close button), then the pre-chat form
// with the visitor's earlier chats, or the chat itself (the customer page's), or why not.
import { useEffect, useRef } from 'preact/hooks'
import { ChatRoom } from '../chat/app.js'
import { html } from '../shared/html.js'
import { locale, t } from '../shared/i18n.js'

function PrechatField({ kind, setting, problem }) {
  if (setting === 'hidden') return null
  const id = `prechat-${kind}`
  const at = problem?.field === `customer_${kind}`
  return html`
    <label for=${id}>${t(`widget.field.${kind}`)}${setting === 'required' ? null : html` <span class="muted">${t('widget.field.optional')}</span>`}</label>
    <input id=${id} name=${kind} type=${kind === 'email' ? 'email' : 'text'} autocomplete=${kind}
      required=${setting === 'required'} maxlength=${kind === 'email' ? 254 : 200} aria-invalid=${at ? 'true' : null} />`
}

function EarlierChats({ widget }) {
  const earlier = widget.chats.value
  if (!earlier.length) return null
  const when = (iso) => new Date(iso).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' })
  return html`
    <section class="earlier" aria-labelledby="earlier-title">
      <h2 id="earlier-title">${t('widget.earlier')}</h2>
      <ul>
        ${earlier.map((chat) => html`
          <li key=${chat.id}>
            <button type="button" class="link-button" onClick=${() => widget.reopen(chat.id)}>
              ${chat.last_message_preview || t('widget.earlier.chat')}
              <span class="muted"> · ${when(chat.created_at)}${chat.status === 'closed' ? ` · ${t('widget.earlier.closed')}` : ''}</span>
            </button>
          </li>`)}
      </ul>
      <button type="button" class="link-button muted" onClick=${() => widget.forget()}>${t('widget.forget')}</button>
    </section>`
}

function Prechat({ widget }) {
  const site = widget.site.value
  const form = useRef(null)
  const problem = widget.formProblem.value
  const submit = (event) => {
    event.preventDefault()
    const data = new FormData(form.current)
    widget.start({ name: data.get('name') || '', email: data.get('email') || '', content: data.get('content') })
  }
  return html`
    <section class="prechat" aria-labelledby="prechat-title">
      <h1 id="prechat-title">${t('widget.title', { site: site.name })}</h1>
      <p class="welcome">${site.welcome_line || t('widget.welcome')}</p>
      <form ref=${form} onSubmit=${submit}>
        <${PrechatField} kind="name" setting=${site.name_field} problem=${problem} />
        <${PrechatField} kind="email" setting=${site.email_field} problem=${problem} />
        <label for="prechat-content">${t('widget.field.message')}</label>
        <textarea id="prechat-content" name="content" required maxlength="4000" rows="3"></textarea>
        ${problem ? html`<p class="notice error" role="alert">${problem.text}</p>` : null}
        <button type="submit" disabled=${widget.starting.value}>${t(widget.starting.value ? 'widget.starting' : 'widget.start')}</button>
      </form>
      <${EarlierChats} widget=${widget} />
    </section>`
}

export function WidgetApp({ widget, onClose }) {
  const state = widget.state.value
  const page = widget.chat.value
  const body = useRef(null)
  // Opened: focus goes to the first thing to fill in (the form, or the reply box).
  useEffect(() => {
    const focusFirst = () => {
      if (widget.screen.shown) body.current?.querySelector('input, textarea:not([disabled])')?.focus()
    }
    focusFirst()
    widget.screen.addEventListener('visibilitychange', focusFirst)
    return () => widget.screen.removeEventListener('visibilitychange', focusFirst)
  }, [state, page])
  return html`
    <div class="widget-bar">
      <span class="widget-name">${widget.site.value?.name || t('widget.bar.chat')}</span>
      ${state === 'chat' ? html`<button type="button" class="link-button" onClick=${() => widget.newChat()}>${t('widget.all_chats')}</button>` : null}
      <button type="button" class="widget-close" aria-label=${t('widget.close')} onClick=${onClose}>×</button>
    </div>
    <div class="widget-body" ref=${body}>
      ${state === 'loading' ? html`<p class="placeholder" role="status">${t('widget.opening')}</p>` : null}
      ${state === 'unavailable' ? html`<p class="notice info" role="status">${widget.problem.value}</p>` : null}
      ${state === 'prechat' ? html`<${Prechat} widget=${widget} />` : null}
      ${state === 'chat' && page ? html`<${ChatInWidget} key=${page.chatId} page=${page} widget=${widget} />` : null}
    </div>`
}

function ChatInWidget({ page, widget }) {
  const ready = page.state.value
  if (ready === 'problem') return html`<p class="notice info" role="status">${page.problem.value}</p>`
  if (ready !== 'ready') return html`<p class="placeholder" role="status">${t('widget.opening')}</p>`
  return html`<${ChatRoom} page=${page}
    afterClose=${html`<button type="button" class="link-button" onClick=${() => widget.newChat()}>${t('widget.new_chat')}</button>`} />`
}

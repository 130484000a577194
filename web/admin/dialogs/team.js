import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { html } from '../../shared/html.js'
import { ConfirmDialog, Dialog, Problem, useAttempt } from '../ui.js'

const AUTO_ASSIGN_CHOICES = [
  ['off', 'Stay unassigned until someone takes them'],
  ['round_robin', 'Go in turn to the admins whose dashboard is open'],
]

const STATUS_WORDS = {
  invited: 'Invited, has not joined yet',
  deactivated: 'Deactivated',
  not_sent: 'Invitation not sent',
}

// One member of the team, for an owner: its role to change, and what can be done with it.
function MemberRow({ dashboard, member, isMe, attempt, onRename, onDeactivate }) {
  const change = (fields) => attempt(() => dashboard.updateMember({ user_id: member.user_id, ...fields }))
  const status = member.status === 'active' ? (member.online ? 'Online now' : 'Active') : STATUS_WORDS[member.status]
  const name = member.display_name
  return html`
    <li class=${member.status === 'deactivated' ? 'muted' : ''}>
      <span class="who">
        <span title=${name}><strong>${name}</strong>${isMe ? ' (you)' : ''}</span>
        <span class="muted" title=${member.email}>${member.email}</span>
        <span class="muted">${status}</span>
      </span>
      <span class="member-actions">
      ${member.user_id ? html`
        <label for=${`role-${member.user_id}`} class="visually-hidden">Role of ${name}</label>
        <select id=${`role-${member.user_id}`} value=${member.role} disabled=${member.status === 'deactivated'}
          onChange=${(event) => change({ role: event.currentTarget.value })}>
          <option value="agent">Agent</option>
          <option value="owner">Owner</option>
        </select>
        <button type="button" aria-label=${`Rename ${name}`} onClick=${() => onRename(member)}>Rename</button>` : null}
      ${member.status === 'invited' || member.status === 'not_sent' ? html`
        <button type="button" aria-label=${`Send again to ${name}`}
          onClick=${() => attempt(() => dashboard.invite({ email: member.email, display_name: name, role: member.role }),
            `Invitation sent to ${member.email} again.`)}>Send again</button>` : null}
      ${member.status === 'deactivated' ? html`
        <button type="button" aria-label=${`Reactivate ${name}`} onClick=${() => change({ active: true })}>Reactivate</button>`
        : member.user_id && !isMe ? html`
        <button type="button" class="danger" aria-label=${`Deactivate ${name}`}
          onClick=${() => onDeactivate(member)}>Deactivate</button>` : null}
      </span>
    </li>`
}

// The team, for an owner: every member with role and status; invite, rename, change roles,
// deactivate and reactivate. What happened, or why not, shows in plain words.
export function TeamDialog({ dashboard, open, onClose }) {
  const { problem, done, attempt } = useAttempt()
  const [renaming, setRenaming] = useState(null)
  const [deactivating, setDeactivating] = useState(null)
  const email = useRef(null)
  const name = useRef(null)
  const role = useRef(null)
  const newName = useRef(null)
  useEffect(() => {
    if (!open) return
    setRenaming(null)
    attempt(() => dashboard.loadTeam())
  }, [open])
  useLayoutEffect(() => { if (renaming) { newName.current.value = renaming.display_name; newName.current.focus() } }, [renaming])
  const invite = async (event) => {
    event.preventDefault()
    const invitation = { email: email.current.value.trim(), display_name: name.current.value.trim(), role: role.current.value }
    const sent = await attempt(() => dashboard.invite(invitation), ({ email_sent: emailed }) => (emailed
      ? `Invitation sent to ${invitation.email}.` : `${invitation.email} already had an account: they are on the team now.`))
    if (!sent) return
    email.current.value = ''
    name.current.value = ''
  }
  const rename = async (event) => {
    event.preventDefault()
    const member = renaming
    if (await attempt(() => dashboard.updateMember({ user_id: member.user_id, display_name: newName.current.value.trim() }),
      `Renamed to ${newName.current.value.trim()}.`)) setRenaming(null)
  }
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="team-title">
      <h2 id="team-title">Team</h2>
      <p class="muted">Owners manage the team; agents handle chats. Deactivating someone ends their access at once
        and leaves their open chats to nobody.</p>
      <fieldset>
        <legend>New chats</legend>
        ${AUTO_ASSIGN_CHOICES.map(([value, label]) => html`
          <label class="choice" key=${value}>
            <input type="radio" name="auto-assign" value=${value} checked=${dashboard.autoAssign.value === value}
              onChange=${() => attempt(() => dashboard.chooseAutoAssign(value), 'Saved.')} />
            <span>${label}</span>
          </label>`)}
      </fieldset>
      <ul class="team" aria-label="Team members">
        ${dashboard.team.value.map((member) => html`<${MemberRow} key=${member.user_id ?? member.email}
          dashboard=${dashboard} member=${member} isMe=${member.user_id === dashboard.me} attempt=${attempt}
          onRename=${setRenaming} onDeactivate=${setDeactivating} />`)}
      </ul>
      ${renaming ? html`
        <form onSubmit=${rename}>
          <label for="new-name">New name for ${renaming.display_name} (customers see it)</label>
          <input id="new-name" ref=${newName} maxlength="100" autocomplete="off" required />
          <div class="actions">
            <button type="button" onClick=${() => setRenaming(null)}>Cancel</button>
            <button type="submit" class="primary">Save name</button>
          </div>
        </form>` : null}
      <form onSubmit=${invite}>
        <h3>Invite someone</h3>
        <label for="invite-email">Email</label>
        <input id="invite-email" ref=${email} type="email" maxlength="254" autocomplete="off" required />
        <label for="invite-name">Name (customers see it)</label>
        <input id="invite-name" ref=${name} maxlength="100" autocomplete="off" required />
        <label for="invite-role">Role</label>
        <select id="invite-role" ref=${role}>
          <option value="agent">Agent: handles chats</option>
          <option value="owner">Owner: also manages the team</option>
        </select>
        <${Problem} text=${problem} />
        <p class="muted" role="status" aria-live="polite">${done}</p>
        <div class="actions">
          <button type="button" onClick=${onClose}>Done</button>
          <button type="submit" class="primary">Send invitation</button>
        </div>
      </form>
      <${ConfirmDialog} open=${Boolean(deactivating)} onClose=${() => setDeactivating(null)}
        title=${`Deactivate ${deactivating?.display_name ?? ''}?`} confirmLabel="Deactivate" danger
        onConfirm=${() => attempt(() => dashboard.updateMember({ user_id: deactivating.user_id, active: false }),
          `${deactivating.display_name} is deactivated.`)}>
        They can no longer use the dashboard, from their next click on, and their open chats go back to nobody.
        You can reactivate them later.
      <//>
    <//>`
}

import { useEffect } from 'preact/hooks'
import { AlertSettings } from '../../shared/alert-settings.js'
import { html } from '../../shared/html.js'
import { Dialog, Problem, useAttempt } from '../ui.js'

const EMAIL_CHOICES = [
  ['all', 'Every unread chat for me', 'Chats assigned to me, and unassigned ones'],
  ['assigned', 'Only my chats', 'Chats assigned to me'],
  ['off', 'None', 'No emails'],
]

// The signed-in admin's alerts, all in one place: sound and notifications in this browser, and
// which chats it is emailed about when a customer's message stays unread.
export function NotificationsDialog({ dashboard, open, onClose }) {
  const { problem, done, attempt, clear } = useAttempt()
  useEffect(() => { if (open) clear() }, [open])
  const current = dashboard.profile.value?.email_notifications
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      <${AlertSettings} sound=${dashboard.sound} notify=${dashboard.notify} />
      <fieldset>
        <legend>Email me when a customer's message stays unread</legend>
        ${EMAIL_CHOICES.map(([value, label, hint]) => html`
          <label class="choice" key=${value}>
            <input type="radio" name="email-notifications" value=${value} checked=${current === value}
              onChange=${() => attempt(() => dashboard.setEmailNotifications(value), 'Saved.')} />
            <span>${label}</span> <span class="muted">${hint}</span>
          </label>`)}
      </fieldset>
      <${Problem} text=${problem} />
      ${done ? html`<p class="muted" role="status">${done}</p>` : null}
      <div class="actions"><button type="button" onClick=${onClose}>Done</button></div>
    <//>`
}

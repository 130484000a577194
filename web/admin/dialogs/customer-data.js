import { useEffect, useState } from 'preact/hooks'
import { html } from '../../shared/html.js'
import { Dialog, Problem, useAttempt } from '../ui.js'

// An owner's data requests: everything about one customer email exported, or erased for good
// (typing the address again to confirm, since nothing brings it back).
export function CustomerDataDialog({ dashboard, open, onClose, place = globalThis.location }) {
  const { problem, done, attempt, clear } = useAttempt()
  const [email, setEmail] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [typedAgain, setTypedAgain] = useState('')
  useEffect(() => { if (open) { clear(); setEmail(''); setConfirming(false) } }, [open])
  const exportData = () => attempt(async () => place.assign((await dashboard.api.exportCustomer(email)).url), 'Export ready.')
  const erase = () => attempt(() => dashboard.eraseCustomer(email), (erased) => (
    `Erased ${erased.chats} chats, ${erased.messages} messages, ${erased.notes} notes and ${erased.objects} files.`))
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="customer-data-title">
      <h2 id="customer-data-title">Customer data</h2>
      <p class="muted">Everything stored about one customer email, across all of its chats.</p>
      <label for="customer-data-email">Customer email</label>
      <input id="customer-data-email" type="email" autocomplete="off" value=${email}
        onInput=${(event) => { setEmail(event.currentTarget.value); setConfirming(false) }} />
      ${confirming ? html`
        <p class="notice error">Erasing deletes every chat, message, note and file of ${email}. It cannot be undone.</p>
        <label for="customer-data-again">Type the email again to erase</label>
        <input id="customer-data-again" type="email" autocomplete="off" value=${typedAgain}
          onInput=${(event) => setTypedAgain(event.currentTarget.value)} />` : null}
      <${Problem} text=${problem} />
      ${done ? html`<p role="status">${done}</p>` : null}
      <div class="actions">
        <button type="button" onClick=${onClose}>Done</button>
        <button type="button" disabled=${!email} onClick=${exportData}>Export</button>
        ${confirming
          ? html`<button type="button" class="danger" disabled=${typedAgain.toLowerCase() !== email.toLowerCase()}
              onClick=${async () => { if (await erase()) setConfirming(false) }}>Erase for good</button>`
          : html`<button type="button" class="danger" disabled=${!email}
              onClick=${() => { setTypedAgain(''); setConfirming(true) }}>Erase…</button>`}
      </div>
    <//>`
}

import { useLayoutEffect, useRef } from 'preact/hooks'
import { html } from '../../shared/html.js'
import { Dialog, Problem, useAttempt } from '../ui.js'

// A chat for a customer: name, email or both.
export function NewChatDialog({ dashboard, open, onClose }) {
  const { problem, attempt, clear } = useAttempt()
  const name = useRef(null)
  const email = useRef(null)
  // In the same task as the dialog opens: a deferred focus could land after the user has
  // already typed on and tabbed to the next field, and pull the cursor back.
  useLayoutEffect(() => { if (open) { clear(); name.current?.focus() } }, [open])
  const submit = async (event) => {
    event.preventDefault()
    if (await attempt(() => dashboard.createChat(name.current.value.trim(), email.current.value.trim()))) onClose()
  }
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="new-chat-title">
      <form onSubmit=${submit}>
        <h2 id="new-chat-title">New chat</h2>
        <label for="customer-name">Customer name</label>
        <input id="customer-name" ref=${name} maxlength="200" autocomplete="off" />
        <label for="customer-email">Customer email</label>
        <input id="customer-email" ref=${email} type="email" maxlength="254" autocomplete="off" />
        <${Problem} text=${problem} />
        <div class="actions">
          <button type="button" onClick=${onClose}>Cancel</button>
          <button type="submit" class="primary">Create chat</button>
        </div>
      </form>
    <//>`
}

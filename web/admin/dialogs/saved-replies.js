import { useEffect, useRef, useState } from 'preact/hooks'
import { html } from '../../shared/html.js'
import { Dialog, Problem, useAttempt } from '../ui.js'

// The team's saved replies: each with Edit and Delete, and a form for a new or changed one.
export function SavedRepliesDialog({ dashboard, open, onClose }) {
  const [editing, setEditing] = useState(null) // the reply being changed, or null for a new one
  const { problem, attempt, clear } = useAttempt()
  const title = useRef(null)
  const body = useRef(null)
  useEffect(() => { if (open) { setEditing(null); clear() } }, [open])
  const startEditing = (reply) => {
    setEditing(reply)
    clear()
    title.current.value = reply?.title ?? ''
    body.current.value = reply?.body ?? ''
    title.current.focus()
  }
  const save = async (event) => {
    event.preventDefault()
    const reply = { ...(editing ? { id: editing.id } : {}), title: title.current.value, body: body.current.value }
    if (await attempt(() => dashboard.saveReply(reply))) startEditing(null)
  }
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="replies-title">
      <h2 id="replies-title">Saved replies</h2>
      <p class="muted">Type / in a reply box to use one.</p>
      <ul class="saved-replies">
        ${dashboard.savedReplies.value.map((reply) => html`
          <li key=${reply.id}>
            <span class="grow"><strong>${reply.title}</strong> <span class="muted">${reply.body}</span></span>
            <button type="button" aria-label=${`Edit ${reply.title}`} onClick=${() => startEditing(reply)}>Edit</button>
            <button type="button" class="danger" aria-label=${`Delete ${reply.title}`}
              onClick=${() => attempt(() => dashboard.deleteReply(reply.id))}>Delete</button>
          </li>`)}
      </ul>
      <form onSubmit=${save}>
        <label for="reply-title">${editing ? `Change "${editing.title}"` : 'New saved reply'}: title</label>
        <input id="reply-title" ref=${title} maxlength="100" autocomplete="off" />
        <label for="reply-body">Text</label>
        <textarea id="reply-body" ref=${body} rows="3" maxlength="4000"></textarea>
        <${Problem} text=${problem} />
        <div class="actions">
          ${editing ? html`<button type="button" onClick=${() => startEditing(null)}>Cancel change</button>` : null}
          <button type="button" onClick=${onClose}>Done</button>
          <button type="submit" class="primary">Save reply</button>
        </div>
      </form>
    <//>`
}

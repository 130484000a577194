// Parts every dashboard form and dialog uses: a failure in plain words, an attempt's outcome,
// a modal dialog and a confirmation.
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import { html } from '../shared/html.js'

// A failure in plain words, announced.
export function Problem({ text }) {
  return text ? html`<p class="notice error" role="alert">${text}</p>` : null
}

// What a form or dialog tries for the person: attempt(action, success) runs it and keeps the
// outcome, a failure's plain words as `problem`, `success` (words, or words from the result)
// as `done`; it answers whether it worked.
export function useAttempt() {
  const [problem, setProblem] = useState('')
  const [done, setDone] = useState('')
  const attempt = async (action, success = '') => {
    setProblem('')
    setDone('')
    try {
      const result = await action()
      setDone(typeof success === 'function' ? success(result) : success)
      return true
    } catch (failure) {
      setProblem(failure.message)
      return false
    }
  }
  const clear = () => { setProblem(''); setDone('') }
  return { problem, done, attempt, clear }
}

// A native modal dialog, open while `open` is true; Escape or a button closes it (onClose).
// Opened in the same task as its content renders, so nothing sees the content of a dialog
// that is not yet modal (a key pressed then would go to the page behind it).
export function Dialog({ open, onClose, labelledBy, children }) {
  const dialog = useRef(null)
  useLayoutEffect(() => {
    if (open && !dialog.current.open) dialog.current.showModal()
    if (!open && dialog.current.open) dialog.current.close()
  }, [open])
  return html`<dialog ref=${dialog} aria-labelledby=${labelledBy} onClose=${onClose}>${open ? children : null}</dialog>`
}

// Asks before something the admin cannot take back alone; onConfirm runs on the confirm button.
export function ConfirmDialog({ open, onClose, title, confirmLabel, danger = false, onConfirm, children }) {
  const confirm = () => {
    onClose()
    onConfirm()
  }
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="confirm-title">
      <h2 id="confirm-title">${title}</h2>
      <p>${children}</p>
      <div class="actions">
        <button type="button" onClick=${onClose}>Cancel</button>
        <button type="button" class=${danger ? 'danger' : 'primary'} onClick=${confirm}>${confirmLabel}</button>
      </div>
    <//>`
}

import { useEffect, useRef, useState } from 'preact/hooks'
import { html } from '../../shared/html.js'
import { Dialog } from '../ui.js'

// The customer's link, to copy and share: after a chat is made, "Show link" or "New link".
export function LinkDialog({ dashboard }) {
  const shown = dashboard.link.value
  const [copied, setCopied] = useState('')
  const input = useRef(null)
  useEffect(() => { if (shown) { setCopied(''); input.current.select() } }, [shown])
  const close = () => { dashboard.link.value = null }
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shown.link)
      setCopied('Copied.')
    } catch {
      input.current.select()
      setCopied('Press Ctrl+C to copy.')
    }
  }
  return html`
    <${Dialog} open=${Boolean(shown)} onClose=${close} labelledBy="link-title">
      <h2 id="link-title">Share this link with the customer</h2>
      <p class="muted">It works until ${shown && new Date(shown.link_expires_at).toLocaleDateString()}. "Show link"
        shows it again any time; "New link" replaces it.</p>
      <div class="link-box">
        <label for="link" class="visually-hidden">Customer link</label>
        <input id="link" ref=${input} readonly value=${shown?.link ?? ''} />
        <button type="button" aria-label="Copy link" onClick=${copy}>Copy</button>
      </div>
      <p class="muted" role="status" aria-live="polite">${copied}</p>
      <div class="actions"><button type="button" class="primary" onClick=${close}>Done</button></div>
    <//>`
}

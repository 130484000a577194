// The message box: Enter sends, Shift+Enter starts a new line, the button sends too. The text
// stays when sending fails (onSend shows its own error), and the box is focused again after.
import { useEffect, useRef, useState } from 'preact/hooks'
import { html } from './html.js'

// onType(text) follows real input in the box (typing indicators); '' once a message is sent.
export function Composer({ label, placeholder, sendLabel, disabled, onSend, onType = () => {} }) {
  const box = useRef(null)
  const [sending, setSending] = useState(false)
  const sent = useRef(false)

  useEffect(() => {
    if (!sending && !disabled && sent.current) box.current.focus()
  }, [sending, disabled])

  const submit = async () => {
    const content = box.current.value
    if (!content.trim() || sending || disabled) return
    setSending(true)
    try {
      await onSend(content)
      box.current.value = ''
      onType('')
    } catch {
      // the text stays for another try
    } finally {
      sent.current = true
      setSending(false)
    }
  }
  const onKeyDown = (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault()
      submit()
    }
  }

  return html`
    <form id="composer" class="composer" onSubmit=${(event) => { event.preventDefault(); submit() }}>
      <div class="grow">
        <label for="message" class="visually-hidden">${label}</label>
        <textarea id="message" ref=${box} rows="2" maxlength="4000" placeholder=${placeholder}
          aria-describedby="composer-hint" disabled=${disabled || sending} onKeyDown=${onKeyDown}
          onInput=${(event) => onType(event.currentTarget.value)}></textarea>
        <span id="composer-hint" class="hint">Enter sends · Shift+Enter adds a line</span>
      </div>
      <button type="submit" class="primary" aria-label=${sendLabel} disabled=${disabled}>Send</button>
    </form>`
}

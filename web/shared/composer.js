// The message box: Enter sends, Shift+Enter starts a new line, the button sends too. The text
// stays when sending fails (onSend shows its own error), and the box is focused again after.
// With saved replies, a box starting with "/" offers them by title: arrows move, Enter or a
// click puts the reply in the box, Escape puts the offer away.
// Files join a message by the "Attach" button, by pasting (a screenshot) or by dropping them on
// the box; they show as chips (name, size, remove) until it is sent, which may be files only.
import { useEffect, useRef, useState } from 'preact/hooks'
import { html } from './html.js'
import { offeredReplies } from './saved-replies.js'
import { fileSize, lengthCount } from './text.js'
import { maxFiles, stageFiles } from './uploads.js'

// onType(text) follows real input in the box (typing indicators); '' once a message is sent.
// uploadRules: what a file must be (uploads.js), to refuse a wrong one as it is chosen.
export function Composer({
  label, placeholder, sendLabel, disabled, onSend, onType = () => {}, savedReplies = [], uploadRules = null,
}) {
  const box = useRef(null)
  const [sending, setSending] = useState(false)
  const [text, setText] = useState('')
  const [active, setActive] = useState(0)
  const [dismissed, setDismissed] = useState(false)
  const [files, setFiles] = useState([])
  const [dropping, setDropping] = useState(false)
  const picker = useRef(null)
  const sent = useRef(false)
  const [refused, setRefused] = useState([]) // why the files just chosen were not added, in words
  const attach = (list) => {
    const staged = stageFiles(files, [...list], uploadRules)
    setFiles(staged.files)
    setRefused(staged.refused)
  }
  const offered = dismissed ? [] : offeredReplies(text, savedReplies)
  // Near the limit the box counts; past it Send waits (nothing is cut off behind the person's back).
  const count = lengthCount(text)

  const follow = (value) => {
    setText(value)
    setActive(0)
    setDismissed(false)
    onType(value)
  }
  const choose = (reply) => {
    box.current.value = reply.body
    follow(reply.body)
    box.current.focus()
  }

  useEffect(() => {
    if (!sending && !disabled && sent.current) box.current.focus()
  }, [sending, disabled])

  const submit = async () => {
    const content = box.current.value
    if ((!content.trim() && !files.length) || sending || disabled || count?.over) return
    setSending(true)
    try {
      await onSend(content, files)
      box.current.value = ''
      setFiles([])
      setRefused([])
      follow('')
    } catch {
      // the text stays for another try
    } finally {
      sent.current = true
      setSending(false)
    }
  }
  const onKeyDown = (event) => {
    if (offered.length && ['ArrowDown', 'ArrowUp', 'Enter', 'Escape'].includes(event.key) && !event.isComposing) {
      event.preventDefault()
      if (event.key === 'ArrowDown') setActive((active + 1) % offered.length)
      if (event.key === 'ArrowUp') setActive((active - 1 + offered.length) % offered.length)
      if (event.key === 'Enter') choose(offered[Math.min(active, offered.length - 1)])
      if (event.key === 'Escape') setDismissed(true)
      return
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault()
      submit()
    }
  }

  return html`
    <form id="composer" class=${`composer${dropping ? ' dropping' : ''}`} onSubmit=${(event) => { event.preventDefault(); submit() }}
      onDragOver=${(event) => { if (!disabled && event.dataTransfer?.types.includes('Files')) { event.preventDefault(); setDropping(true) } }}
      onDragLeave=${() => setDropping(false)}
      onDrop=${(event) => { event.preventDefault(); setDropping(false); if (!disabled) attach(event.dataTransfer.files) }}>
      <div class="grow">
        ${files.length ? html`
          <ul class="chosen-files" aria-label="Files to send">
            ${files.map((file, index) => html`
              <li key=${`${file.name}:${index}`} class="file-chip">
                <span class="file-name">${file.name}</span> <span class="muted">${fileSize(file.size)}</span>
                <button type="button" class="quiet" aria-label=${`Remove ${file.name}`}
                  onClick=${() => setFiles(files.filter((_, i) => i !== index))}>✕</button>
              </li>`)}
          </ul>` : null}
        ${refused.length ? html`
          <div class="notice error refused-files" role="alert">
            <ul>${refused.map((words) => html`<li>${words}</li>`)}</ul>
            <button type="button" class="quiet" aria-label="Dismiss" onClick=${() => setRefused([])}>✕</button>
          </div>` : null}
        ${offered.length ? html`
          <ul id="saved-replies-offered" class="offered" role="listbox" aria-label="Saved replies">
            ${offered.map((reply, index) => html`
              <li id=${`offered-${reply.id}`} role="option" aria-selected=${String(index === active)}
                onMouseDown=${(event) => { event.preventDefault(); choose(reply) }}>
                <span class="title">${reply.title}</span> <span class="muted">${reply.body}</span>
              </li>`)}
          </ul>` : null}
        <label for="message" class="visually-hidden">${label}</label>
        <textarea id="message" ref=${box} rows="2" placeholder=${placeholder}
          aria-describedby=${count ? 'composer-hint composer-count' : 'composer-hint'} aria-invalid=${count?.over ? 'true' : undefined} disabled=${disabled || sending} onKeyDown=${onKeyDown}
          onPaste=${(event) => { if (event.clipboardData?.files.length) { event.preventDefault(); attach(event.clipboardData.files) } }}
          aria-controls=${offered.length ? 'saved-replies-offered' : undefined}
          aria-activedescendant=${offered.length ? `offered-${offered[Math.min(active, offered.length - 1)].id}` : undefined}
          onInput=${(event) => follow(event.currentTarget.value)}></textarea>
        <span id="composer-hint" class="hint">Enter sends · Shift+Enter adds a line${savedReplies.length ? ' · / for saved replies' : ''}</span>
        ${count ? html`<span id="composer-count" class=${`hint count${count.over ? ' over' : ''}`} aria-live="polite">
          ${count.shown}${count.over ? ' · too long to send' : ''}</span>` : null}
      </div>
      <input ref=${picker} type="file" multiple hidden onChange=${(event) => { attach(event.currentTarget.files); event.currentTarget.value = '' }} />
      <button type="button" title="Attach files (or paste, or drop them here)"
        disabled=${disabled || files.length >= maxFiles(uploadRules)} onClick=${() => picker.current.click()}>Attach</button>
      <button type="submit" class="primary" aria-label=${sendLabel} disabled=${disabled || count?.over}>Send</button>
    </form>`
}

import { useEffect, useState } from 'preact/hooks'
import { html } from '../../shared/html.js'
import { Dialog, Problem, useAttempt } from '../ui.js'

// Every chat created between two days, with its messages, for backups and analytics.
export function ExportDialog({ dashboard, open, onClose, place = globalThis.location }) {
  const { problem, attempt, clear } = useAttempt()
  const today = new Date().toISOString().slice(0, 10)
  const [from, setFrom] = useState(today)
  const [to, setTo] = useState(today)
  const [format, setFormat] = useState('csv')
  useEffect(() => { if (open) clear() }, [open])
  const download = (event) => {
    event.preventDefault()
    // whole days, the end day included
    const end = new Date(`${to}T00:00:00Z`)
    end.setUTCDate(end.getUTCDate() + 1)
    attempt(async () => place.assign((await dashboard.api.exportChats(`${from}T00:00:00Z`, end.toISOString(), format)).url))
  }
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="export-title">
      <h2 id="export-title">Export chats</h2>
      <form onSubmit=${download}>
        <p class="muted">Every chat created in these days (UTC), with its messages.</p>
        <label for="export-from">From</label>
        <input id="export-from" type="date" required value=${from} onInput=${(event) => setFrom(event.currentTarget.value)} />
        <label for="export-to">To (included)</label>
        <input id="export-to" type="date" required value=${to} onInput=${(event) => setTo(event.currentTarget.value)} />
        <label for="export-format">Format</label>
        <select id="export-format" value=${format} onChange=${(event) => setFormat(event.currentTarget.value)}>
          <option value="csv">CSV (a row per message)</option>
          <option value="ndjson">NDJSON (a line per chat and per message)</option>
        </select>
        <${Problem} text=${problem} />
        <div class="actions">
          <button type="button" onClick=${onClose}>Done</button>
          <button type="submit" class="primary">Download</button>
        </div>
      </form>
    <//>`
}


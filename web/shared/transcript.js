// "Transcript" on both pages: the chat as a file in the format chosen. The API writes it to
// S3 and answers a short-lived link, which the browser follows to save the file.
import { useState } from 'preact/hooks'
import { html } from './html.js'
import { Menu } from './menu.js'

const FORMATS = [
  ['html', 'Printable page'],
  ['txt', 'Plain text'],
  ['csv', 'CSV (one row per message)'],
  ['json', 'JSON (complete)'],
]

export function TranscriptMenu({ api, chatId, place = globalThis.location }) {
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState('')
  const download = async (format) => {
    setBusy(true)
    setProblem('')
    try {
      place.assign((await api.transcript(chatId, format)).url)
    } catch (failure) {
      setProblem(failure.message)
    } finally {
      setBusy(false)
    }
  }
  return html`
    <${Menu} className="transcript-menu" label="Transcript" group="Download the transcript as" closeOnChoose=${false}>
      ${FORMATS.map(([format, label]) => html`
        <button type="button" disabled=${busy} onClick=${() => download(format)}>${label}</button>`)}
      ${busy ? html`<span class="muted" role="status">Preparing…</span>` : null}
      ${problem ? html`<span class="notice error" role="alert">${problem}</span>` : null}
    <//>`
}

// The connection indicator: Connecting…, Live, Reconnecting… or Offline, announced politely.
import { html } from './html.js'
import { liveText } from './live.js'

export const ConnectionStatus = ({ status, id = 'live' }) =>
  html`<span id=${id} class="muted" role="status" aria-live="polite">${liveText[status] ?? ''}</span>`

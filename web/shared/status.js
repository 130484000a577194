// The connection indicator: Connecting…, Live, Reconnecting… or Offline, announced politely.
import { html } from './html.js'
import { liveText } from './live.js'

export const ConnectionStatus = ({ status }) =>
  html`<span id="live" class="muted" role="status" aria-live="polite">${liveText[status] ?? ''}</span>`

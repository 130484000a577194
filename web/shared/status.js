// The connection indicator: Connecting…, Live, Reconnecting… or Offline, announced politely.
import { html } from './html.js'
import { liveText } from './live.js'

// Anything but Live stands out: messages may not be arriving.
export const ConnectionStatus = ({ status, id = 'live' }) =>
  html`<span id=${id} class=${`connection ${status}`} role="status" aria-live="polite">${liveText[status] ?? ''}</span>`

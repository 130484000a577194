// When things happened, as a chat's row and heading show it.
import { html } from '../shared/html.js'

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

const dateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const isToday = (date) => date.toDateString() === new Date().toDateString()

// "Last seen 14:05" today, with the date before.
export function lastSeen(at) {
  const seen = new Date(at)
  return `Last seen ${isToday(seen) ? timeFormat.format(seen) : dayFormat.format(seen)}`
}

// When a customer began waiting: "14:05" today, with the date before.
export const waitedSince = (at) => (isToday(new Date(at)) ? timeFormat : dayFormat).format(new Date(at))

// A row's last activity: "14:05" today, "Nov 24" before; the full date on hover.
export function Activity({ at }) {
  const when = new Date(at)
  return html`<time class="activity" dateTime=${at} title=${dayFormat.format(when)}>
    ${isToday(when) ? timeFormat.format(when) : dateFormat.format(when)}</time>`
}


// How a message's text and time are shown. Pure.

// http(s) URLs in running text, and addresses that start with www. (people write them so); a
// trailing stop, comma or closing bracket is the sentence's.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+|(?<![\w./@-])www\.[^\s<>"']+/gi
const TRAILING = /[.,;:!?)\]}'"]+$/

// The text as parts: { text }, and links as { url, text } (what it opens, what it shows): http
// and https only, a www. address opened as https.
export function linkParts(text) {
  const parts = []
  let at = 0
  for (const match of text.matchAll(URL_PATTERN)) {
    const shown = match[0].replace(TRAILING, '')
    if (match.index > at) parts.push({ text: text.slice(at, match.index) })
    parts.push({ url: /^https?:/i.test(shown) ? shown : `https://${shown}`, text: shown })
    at = match.index + shown.length
  }
  if (at < text.length) parts.push({ text: text.slice(at) })
  return parts
}

// A name's initials for its avatar: the first letters of the first and last words, "AL" for
// "Ada Lovelace", "S" for "support"; letters of any script.
export function initials(name) {
  const words = name.trim().split(/\s+/).filter(Boolean)
  if (!words.length) return '?'
  const first = [...words[0]][0]
  const last = words.length > 1 ? [...words.at(-1)][0] : ''
  return (first + last).toUpperCase()
}

// The local calendar day of a timestamp, for day separators: "2026-11-25".
export function dayKey(at) {
  const date = new Date(at)
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
}

// What a day separator says: "Today", "Yesterday", else the date.
export function dayLabel(at, now = new Date(), format = new Intl.DateTimeFormat(undefined, { dateStyle: 'full' })) {
  const day = dayKey(at)
  if (day === dayKey(now)) return 'Today'
  const yesterday = new Date(now)
  yesterday.setDate(now.getDate() - 1)
  if (day === dayKey(yesterday)) return 'Yesterday'
  return format.format(new Date(at))
}

// A file's size for people: "812 bytes", "34 KB", "2.4 MB".
export function fileSize(bytes) {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`
  return `${(bytes / 1_000_000).toFixed(1)} MB`
}

// How long a message may be (the API's limit, in characters as it counts them: code points),
// and when the box starts showing the count.
export const MAX_MESSAGE_CHARS = 4000
const COUNT_FROM = 3600

// The reply box's count near or past the limit ({ shown: "3,950 / 4,000", over }), else null.
export function lengthCount(text, format = new Intl.NumberFormat()) {
  const length = [...text].length
  if (length < COUNT_FROM) return null
  return { shown: `${format.format(length)} / ${format.format(MAX_MESSAGE_CHARS)}`, over: length > MAX_MESSAGE_CHARS }
}

// The dashboard's chat list: what each row shows and which rows are shown. Pure.

export const customerName = (session) => session.customer_name || session.customer_email || 'Customer'

// A session as last heard of. Realtime rows are the table's columns; the API adds the count
// and this admin's unread count, which a Realtime row must not erase.
export function mergeSession(previous = {}, update) {
  return {
    ...previous,
    ...update,
    message_count: update.message_count ?? update.last_seq ?? previous.message_count ?? 0,
    last_message_preview: update.last_message_preview ?? previous.last_message_preview ?? null,
    unread: update.unread ?? previous.unread ?? 0,
  }
}

// Whether a message is news to a row (Realtime may deliver what a page already counted).
export const isNewTo = (session, message) => message.seq > (session?.message_count ?? 0)

// What a new message changes in its chat's row, for the admin `me`: one more unread unless it
// is the admin's own or the chat is open (what is on screen is read).
export const afterMessage = (session, message, { me, isOpen }) => ({
  id: message.chat_id,
  message_count: Math.max(message.seq, session.message_count ?? 0),
  last_message_preview: message.content.slice(0, 140),
  last_activity_at: message.created_at,
  unread: isOpen ? 0 : (session.unread ?? 0) + (message.sender_id !== me && isNewTo(session, message) ? 1 : 0),
})

// What this admin's read cursor, moved anywhere (this browser or another), changes in a row.
export const afterOwnCursor = (session, cursor) =>
  cursor.seq >= (session.message_count ?? 0) ? { id: session.id, unread: 0 } : null

// Whether a customer waits for the team's reply (its message came after the team's last).
export const isWaiting = (session) => session.status === 'open' && Boolean(session.waiting_since)

// Waiting chats before the rest, the longest wait first.
function byWait(a, b) {
  const [waitA, waitB] = [a, b].map((session) => (isWaiting(session) ? new Date(session.waiting_since).getTime() : Infinity))
  return waitA === waitB ? 0 : waitA < waitB ? -1 : 1
}

// Rows for the filter and search: the chats waiting for a reply first (longest wait first),
// then the rest, newest activity first. A search shows the rows whose name or email contains
// it and those the server found (`hits`: id -> match, by their messages too), once it
// answers, the server's finds first, best match first.
// `assignee`: 'me' (the admin `me`'s chats), 'none' (nobody's) or '' (everyone's).
export function visibleSessions(sessions, { status, search, hits = null, assignee = '', me = null, site = '' }) {
  const needle = search.trim().toLowerCase()
  const rank = (session) => (needle ? hits?.get(session.id)?.rank : undefined) ?? -1
  return [...sessions.values()]
    .filter((session) => !status || session.status === status)
    .filter((session) => !assignee || (assignee === 'me' ? session.assignee_id === me : !session.assignee_id))
    .filter((session) => !site || session.site_id === site)
    .filter((session) => !needle || hits?.has(session.id)
      || `${session.customer_name || ''} ${session.customer_email || ''}`.toLowerCase().includes(needle))
    .sort((a, b) => rank(b) - rank(a) || byWait(a, b) || new Date(b.last_activity_at) - new Date(a.last_activity_at))
}

// A search's snippet as parts to show, the matched words marked: the API puts each between
// U+0002 and U+0003, so no part of the customer's text is ever read as markup.
export function snippetParts(snippet) {
  const parts = []
  const push = (text, marked) => { if (text) parts.push({ text, marked }) }
  snippet.split('\u0002').forEach((piece, index) => {
    const end = index === 0 ? -1 : piece.indexOf('\u0003')
    if (end < 0) return push(piece, false)
    push(piece.slice(0, end), true)
    push(piece.slice(end + 1), false)
  })
  return parts
}

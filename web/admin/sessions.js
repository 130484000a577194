// The dashboard's chat list: what each row shows and which rows are shown. Pure.

export const customerName = (session) => session.customer_name || session.customer_email || 'Customer'

// A session as last heard of. Realtime rows are the table's columns; the API adds the count
// and the preview, which a Realtime row must not erase.
export function mergeSession(previous = {}, update) {
  return {
    ...previous,
    ...update,
    message_count: update.message_count ?? update.last_seq ?? previous.message_count ?? 0,
    last_message_preview: update.last_message_preview ?? previous.last_message_preview ?? null,
  }
}

// What a new message changes in its chat's row.
export const afterMessage = (session, message) => ({
  id: message.chat_id,
  message_count: Math.max(message.seq, session.message_count ?? 0),
  last_message_preview: message.content.slice(0, 140),
  last_activity_at: message.created_at,
})

export function unreadCount(session, seenSeq, isOpen) {
  return isOpen ? 0 : Math.max(0, (session.message_count ?? 0) - seenSeq)
}

// Rows for the filter and search, newest activity first.
export function visibleSessions(sessions, { status, search }) {
  const needle = search.trim().toLowerCase()
  return [...sessions.values()]
    .filter((session) => !status || session.status === status)
    .filter((session) => !needle || `${session.customer_name || ''} ${session.customer_email || ''}`.toLowerCase().includes(needle))
    .sort((a, b) => new Date(b.last_activity_at) - new Date(a.last_activity_at))
}

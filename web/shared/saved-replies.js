// Saved replies in the reply box: a box that starts with "/" (one line) looks them up by
// title; what follows the slash is matched anywhere in the title, any case. Pure.
export const MOST_OFFERED = 8

export function offeredReplies(text, replies) {
  if (!text.startsWith('/') || text.includes('\n')) return []
  const wanted = text.slice(1).trim().toLowerCase()
  return replies.filter((reply) => reply.title.toLowerCase().includes(wanted)).slice(0, MOST_OFFERED)
}

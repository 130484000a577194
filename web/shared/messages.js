// One chat's messages, kept in seq order and each once, whatever path it came by: history,
// a send, Realtime, a backfill. Pure: no DOM, no network.

export const PAGE_SIZE = 50
export const CATCH_UP_PAGE = 200

export const firstSeq = (messages) => (messages.length ? messages[0].seq : 0)
export const lastSeq = (messages) => (messages.length ? messages[messages.length - 1].seq : 0)

// { messages, fresh }: `messages` is `current` itself when nothing is new, so a caller can
// tell "no change" by identity; another chat's messages are ignored.
export function mergeMessages(current, incoming, chatId) {
  const known = new Set(current.map((message) => message.seq))
  const fresh = []
  for (const message of incoming) {
    if (message.chat_id === chatId && !known.has(message.seq)) {
      known.add(message.seq)
      fresh.push(message)
    }
  }
  if (!fresh.length) return { messages: current, fresh }
  fresh.sort((a, b) => a.seq - b.seq)
  if (fresh[0].seq > lastSeq(current)) return { messages: [...current, ...fresh], fresh }
  if (fresh[fresh.length - 1].seq < firstSeq(current)) return { messages: [...fresh, ...current], fresh }
  return { messages: [...current, ...fresh].sort((a, b) => a.seq - b.seq), fresh }
}

// The pages the API is asked for: the newest page, the page before what is loaded (history
// upward), and everything after it (what Realtime may have missed while (re)subscribing).
export const latestWindow = () => ({ limit: PAGE_SIZE })
export const olderWindow = (messages) => ({ before_seq: firstSeq(messages), limit: PAGE_SIZE })
export const catchUpWindow = (messages) => ({ after_seq: lastSeq(messages), limit: CATCH_UP_PAGE })

// The state of one open conversation, as signals: its messages, whether older history exists
// and how far the other side has read ("Seen"), fed by the API (latest page, history upward,
// catch-up) and by whoever hears of new messages or read cursors (a send's answer, Realtime).
import { batch, signal } from '@preact/signals-core'
import { CATCH_UP_PAGE, catchUpWindow, firstSeq, lastSeq, latestWindow, mergeMessages, olderWindow } from './messages.js'

const REVEAL_PAGES = 50 // 10,000 messages back at most

export function createConversation(api, chatId) {
  const messages = signal([])
  const hasOlder = signal(false)
  const loaded = signal(false)
  const othersRead = signal(0) // the highest seq the other side has read; only moves forward
  let loadingOlder = null

  const noteRead = (seq) => { if (seq > othersRead.value) othersRead.value = seq }
  const links = new Map() // attachment id -> its link while it lasts (a minute of margin)

  // Adds what is new; returns the messages that were.
  const add = (incoming) => {
    const merged = mergeMessages(messages.value, incoming, chatId)
    if (merged.fresh.length) messages.value = merged.messages
    return merged.fresh
  }

  // Where a gap's next page starts: the last message held below its end.
  const lastSeqBelow = (after, before) => lastSeq(messages.value.filter((m) => m.seq < before)) || after
  // The messages between two seqs, a page at a time (a gap in what Realtime delivered).
  const fillGap = async (after, before) => {
    let page
    do {
      page = await api.listMessages(chatId, { after_seq: lastSeqBelow(after, before), before_seq: before, limit: CATCH_UP_PAGE })
      add(page.messages)
    } while (page.has_more && page.messages.length)
  }

  return {
    chatId, messages, hasOlder, loaded, othersRead, add, noteRead,

    // A message Realtime delivered: added, and a gap in seq before it fetched at once. Realtime
    // drops postgres_changes above a project's database-events rate without a word
    // (replication_poller.ex), so a later message is the only sign. Returns the fresh ones.
    arrived(incoming) {
      const before = lastSeq(messages.value)
      const fresh = add(incoming)
      if (!fresh.length) return fresh
      const first = Math.min(...fresh.map((message) => message.seq))
      if (loaded.value && before && first > before + 1) fillGap(before, first).catch(() => {})
      return fresh
    },

    // A link to one of the conversation's files: the API's, kept until shortly before it lapses.
    async attachmentLink(id) {
      const known = links.get(id)
      if (known && new Date(known.expires_at) - Date.now() > 60_000) return known.url
      const fresh = await api.attachmentLink(chatId, id)
      links.set(id, fresh)
      return fresh.url
    },

    async loadLatest() {
      const page = await api.listMessages(chatId, latestWindow())
      batch(() => {
        hasOlder.value = page.has_more
        loaded.value = true
        add(page.messages)
        noteRead(page.others_read_seq ?? 0)
      })
    },

    // One request at a time, whatever the scroll events say.
    loadOlder() {
      if (!hasOlder.value) return Promise.resolve()
      loadingOlder ??= api.listMessages(chatId, olderWindow(messages.value))
        .then((page) => batch(() => {
          hasOlder.value = page.has_more
          add(page.messages)
        }))
        .finally(() => { loadingOlder = null })
      return loadingOlder
    },

    // The newest page, then history back to `seq` (a search's find), the largest pages the API
    // gives, at most REVEAL_PAGES of them. Whether `seq` is loaded.
    async reveal(seq) {
      if (!loaded.value) await this.loadLatest()
      for (let pages = 0; firstSeq(messages.value) > seq && hasOlder.value && pages < REVEAL_PAGES; pages += 1) {
        const page = await api.listMessages(chatId, { before_seq: firstSeq(messages.value), limit: CATCH_UP_PAGE })
        batch(() => {
          hasOlder.value = page.has_more
          add(page.messages)
        })
      }
      return messages.value.some((message) => message.seq === seq)
    },

    // What Realtime may have missed; the newest page if nothing was loaded yet.
    async catchUp() {
      if (!loaded.value) return this.loadLatest()
      let page
      do {
        page = await api.listMessages(chatId, catchUpWindow(messages.value))
        add(page.messages)
        noteRead(page.others_read_seq ?? 0)
      } while (page.has_more && page.messages.length)
    },
  }
}

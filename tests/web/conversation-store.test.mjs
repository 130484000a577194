// A conversation's backfills against a fake API (web/shared/conversation-store.js).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createConversation } from '../../web/shared/conversation-store.js'

const CHAT = 'chat-a'

// The API's paging over `total` stored messages, recording every query.
function fakeApi(total) {
  const stored = Array.from({ length: total }, (_, i) => ({ seq: i + 1, chat_id: CHAT, content: `m${i + 1}` }))
  const queries = []
  return {
    queries,
    stored,
    async listMessages(chatId, query) {
      queries.push(query)
      let rows
      if (query.after_seq !== undefined) {
        rows = stored.filter((x) => x.seq > query.after_seq && (!query.before_seq || x.seq < query.before_seq))
          .slice(0, query.limit + 1)
      }
      else rows = stored.filter((x) => !query.before_seq || x.seq < query.before_seq).slice(-(query.limit + 1))
      const hasMore = rows.length > query.limit
      const messages = query.after_seq !== undefined ? rows.slice(0, query.limit) : rows.slice(-query.limit)
      return { messages, has_more: hasMore }
    },
  }
}

test('the newest page loads first and says whether older history exists', async () => {
  const conversation = createConversation(fakeApi(60), CHAT)
  await conversation.loadLatest()
  assert.equal(conversation.messages.value.length, 50)
  assert.equal(conversation.messages.value[0].seq, 11)
  assert.equal(conversation.hasOlder.value, true)
})

test('scrolling up many times at once asks for the older page once', async () => {
  const api = fakeApi(60)
  const conversation = createConversation(api, CHAT)
  await conversation.loadLatest()
  await Promise.all([conversation.loadOlder(), conversation.loadOlder(), conversation.loadOlder()])
  assert.equal(api.queries.filter((q) => q.before_seq).length, 1)
  assert.equal(conversation.messages.value.length, 60)
  assert.equal(conversation.hasOlder.value, false)
})

test('catch-up fetches everything after the last message, page by page', async () => {
  const api = fakeApi(50)
  const conversation = createConversation(api, CHAT)
  await conversation.loadLatest()
  for (let i = 51; i <= 500; i++) api.stored.push({ seq: i, chat_id: CHAT, content: `m${i}` })
  await conversation.catchUp()
  assert.equal(conversation.messages.value.length, 500)
  assert.deepEqual(api.queries.filter((q) => q.after_seq !== undefined).map((q) => q.after_seq), [50, 250, 450])
})

test("a search's find far back in a long chat is loaded, in few large pages, with all that follows it", async () => {
  const api = fakeApi(1000)
  const conversation = createConversation(api, CHAT)

  const found = await conversation.reveal(30)

  const seqs = conversation.messages.value.map((message) => message.seq)
  assert.equal(found, true)
  assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => seqs[0] + i)) // no gap to the newest
  assert.ok(seqs[0] <= 30 && seqs.at(-1) === 1000)
  assert.deepEqual(api.queries.map((query) => query.limit), [50, 200, 200, 200, 200, 200])
})

test('a live message after a gap (a change Realtime dropped) fetches the gap at once', async () => {
  // Given the newest 50 of 50 loaded, then 3 more stored of which Realtime delivers only the last
  const api = fakeApi(50)
  const conversation = createConversation(api, CHAT)
  await conversation.loadLatest()
  for (let i = 51; i <= 53; i++) api.stored.push({ seq: i, chat_id: CHAT, content: `m${i}` })

  // When the last one arrives live
  const fresh = conversation.arrived([api.stored[52]])
  await new Promise((resolve) => setTimeout(resolve, 0))

  // Then it shows at once, and the two before it are fetched without a reconnect
  assert.deepEqual(fresh.map((m) => m.seq), [53])
  assert.deepEqual(conversation.messages.value.slice(-3).map((m) => m.seq), [51, 52, 53])
  assert.deepEqual(api.queries.at(-1), { after_seq: 50, before_seq: 53, limit: 200 })
})

test('a live message right after the last one fetches nothing', async () => {
  const api = fakeApi(50)
  const conversation = createConversation(api, CHAT)
  await conversation.loadLatest()
  api.stored.push({ seq: 51, chat_id: CHAT, content: 'm51' })

  conversation.arrived([api.stored[50]])

  assert.equal(api.queries.length, 1)
})

test("a live message already shown (one's own, from the send) fetches nothing", async () => {
  const api = fakeApi(50)
  const conversation = createConversation(api, CHAT)
  await conversation.loadLatest()

  conversation.arrived([api.stored[49]])

  assert.equal(api.queries.length, 1)
})

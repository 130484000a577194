// Ordering, de-duplication and the backfill windows of a conversation (web/shared/messages.js).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { catchUpWindow, firstSeq, lastSeq, mergeMessages, olderWindow } from '../../web/shared/messages.js'

const CHAT = 'chat-a'
const m = (seq, chat_id = CHAT) => ({ seq, chat_id, content: `message ${seq}` })
const seqs = (messages) => messages.map((message) => message.seq)

test('new messages are kept in seq order whatever order they arrive in', () => {
  const { messages } = mergeMessages([], [m(3), m(1), m(2)], CHAT)
  assert.deepEqual(seqs(messages), [1, 2, 3])
})

test('a message heard twice (a send and then Realtime) is kept once', () => {
  const first = mergeMessages([], [m(1), m(2)], CHAT).messages
  const { messages, fresh } = mergeMessages(first, [m(2), m(2), m(3)], CHAT)
  assert.deepEqual(seqs(messages), [1, 2, 3])
  assert.deepEqual(seqs(fresh), [3])
})

test('nothing new leaves the very same list, so nothing re-renders', () => {
  const current = mergeMessages([], [m(1), m(2)], CHAT).messages
  assert.equal(mergeMessages(current, [m(1)], CHAT).messages, current)
})

test("another chat's message is ignored", () => {
  const { messages, fresh } = mergeMessages([m(1)], [m(2, 'chat-b')], CHAT)
  assert.deepEqual(seqs(messages), [1])
  assert.deepEqual(fresh, [])
})

test('older history goes before, a gap filled later goes in between', () => {
  const loaded = mergeMessages([], [m(51), m(52), m(55)], CHAT).messages
  const withHistory = mergeMessages(loaded, [m(50), m(49)], CHAT).messages
  assert.deepEqual(seqs(withHistory), [49, 50, 51, 52, 55])
  assert.deepEqual(seqs(mergeMessages(withHistory, [m(54), m(53)], CHAT).messages), [49, 50, 51, 52, 53, 54, 55])
})

test('history is asked for before the first message, catch-up after the last', () => {
  const loaded = [m(10), m(11), m(12)]
  assert.equal(firstSeq(loaded), 10)
  assert.equal(lastSeq(loaded), 12)
  assert.deepEqual(olderWindow(loaded), { before_seq: 10, limit: 50 })
  assert.deepEqual(catchUpWindow(loaded), { after_seq: 12, limit: 200 })
  assert.deepEqual(catchUpWindow([]), { after_seq: 0, limit: 200 })
})

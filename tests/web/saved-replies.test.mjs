// The "/" lookup of saved replies in the reply box (web/shared/saved-replies.js).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MOST_OFFERED, offeredReplies } from '../../web/shared/saved-replies.js'

const replies = [{ title: 'Refund policy' }, { title: 'Shipping times' }, { title: 'Greeting' }]

test('a slash offers the replies whose title holds what follows it, any case', () => {
  assert.deepEqual(offeredReplies('/', replies).map((r) => r.title), ['Refund policy', 'Shipping times', 'Greeting'])
  assert.deepEqual(offeredReplies('/SHIP', replies).map((r) => r.title), ['Shipping times'])
  assert.deepEqual(offeredReplies('/poli', replies).map((r) => r.title), ['Refund policy'])
})

test('ordinary text, a slash later on, or a second line offers nothing', () => {
  assert.deepEqual(offeredReplies('ship', replies), [])
  assert.deepEqual(offeredReplies('and/ship', replies), [])
  assert.deepEqual(offeredReplies('/ship\nmore', replies), [])
})

test('at most a handful are offered', () => {
  const many = Array.from({ length: 20 }, (_, n) => ({ title: `Reply ${n}` }))
  assert.equal(offeredReplies('/reply', many).length, MOST_OFFERED)
})

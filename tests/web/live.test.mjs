import assert from 'node:assert/strict'
import { test } from 'node:test'
import { backoffDelay, liveText } from '../../web/shared/live.js'

test('a retry comes after 1 s, then twice as long each time, at most 30 s', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 10].map(backoffDelay), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000])
})

test('every state of a connection has words, and catching up is not yet live', () => {
  assert.deepEqual(Object.keys(liveText).sort(), ['catching-up', 'joining', 'live', 'offline', 'reconnecting'])
  assert.notEqual(liveText['catching-up'], liveText.live)
})

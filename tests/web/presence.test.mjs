// Presence (web/shared/presence.js): the customer page's beat and the chat list's view of it.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  BEAT_EVERY_MS, ONLINE_FOR_MS, keepPresent, presenceFromChange, presenceFromServer, stillOnline, supportNames,
} from '../../web/shared/presence.js'

function fakeWindow() {
  const listeners = new Map()
  return {
    addEventListener: (type, listener) => listeners.set(type, listener),
    removeEventListener: (type) => listeners.delete(type),
    fire: (type, event = {}) => listeners.get(type)?.(event),
    listening: () => [...listeners.keys()],
  }
}

function fakeRepeat() {
  const repeats = []
  return {
    repeats,
    setRepeat: (f, ms) => repeats.push({ f, ms }) - 1,
    clearRepeat: (index) => { repeats[index] = null },
  }
}

// What a customer page beats with: its chat, present or not, kept alive or not.
function recordingApi() {
  const calls = []
  const note = (present, keepalive) => async () => { calls.push(['chat-1', present, keepalive]) }
  return { calls, beats: { beat: note(true, false), leave: note(false, true) } }
}

test('the page beats at once and every minute, and leaves with a request that outlives it', () => {
  const api = recordingApi()
  const page = fakeWindow()
  const clock = fakeRepeat()
  keepPresent(api.beats, { page, ...clock })
  assert.equal(clock.repeats[0].ms, BEAT_EVERY_MS)
  clock.repeats[0].f()
  page.fire('pagehide')
  assert.deepEqual(api.calls, [['chat-1', true, false], ['chat-1', true, false], ['chat-1', false, true]])
})

test('a page back from the back/forward cache beats again; stopping ends the beats and listeners', () => {
  const api = recordingApi()
  const page = fakeWindow()
  const clock = fakeRepeat()
  const stop = keepPresent(api.beats, { page, ...clock })
  page.fire('pageshow', { persisted: true })
  assert.equal(api.calls.length, 2)
  stop()
  assert.deepEqual([clock.repeats[0], page.listening()], [null, []])
})

test('a customer heard from counts as online for the window, on this browser\'s clock', () => {
  const heard = { ...presenceFromChange({ present: true, seen_at: '2026-11-25T10:00:00Z' }, 1_000) }
  assert.equal(stillOnline(heard, 1_000 + ONLINE_FOR_MS - 1), true)
  assert.equal(stillOnline(heard, 1_000 + ONLINE_FOR_MS), false)
  assert.equal(stillOnline(presenceFromChange({ present: false, seen_at: 'x' }, 1_000), 1_000), false)
  assert.equal(stillOnline(presenceFromServer({ customer_online: true }, 5), 6), true)
})

test('support is named by the admins online, each once', () => {
  const state = { a: [{ name: 'Ada' }], b: [{ name: 'Ada' }, { name: 'Ada' }], c: [{ name: 'Bob' }], d: [{}] }
  assert.deepEqual(supportNames(state), ['Ada', 'Bob', 'Support'])
})

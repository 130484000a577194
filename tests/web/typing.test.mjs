// Typing indicators (web/shared/typing.js), on a fake clock.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  TYPING_EVERY_MS, TYPING_IDLE_MS, TYPING_SENT_GRACE_MS, TYPING_STALE_MS, typingSender, typingWatcher, typistName,
} from '../../web/shared/typing.js'

function fakeClock() {
  let time = 0
  const due = new Map()
  let next = 1
  return {
    now: () => time,
    setTimer: (f, ms) => { due.set(next, [time + ms, f]); return next++ },
    clearTimer: (id) => due.delete(id),
    advance(ms) {
      time += ms
      for (const [id, [at, f]] of [...due]) if (at <= time) { due.delete(id); f() }
    },
  }
}

test('typing sends one event, then at most one every few seconds while it goes on', () => {
  const clock = fakeClock()
  const sent = []
  const sender = typingSender((state) => sent.push(state), clock)
  sender.keystroke('h')
  clock.advance(1000)
  sender.keystroke('he')
  clock.advance(TYPING_EVERY_MS)
  sender.keystroke('hel')
  assert.deepEqual(sent, ['typing', 'typing'])
})

test('a keystroke the channel could not send yet (still joining) is sent on the next one', () => {
  const clock = fakeClock()
  const sent = []
  let joined = false
  const sender = typingSender((state) => joined && sent.push(state) > 0, clock)
  sender.keystroke('h')
  joined = true
  clock.advance(100)
  sender.keystroke('he')
  assert.deepEqual(sent, ['typing'])
})

test('sending says sent; clearing the box or a pause stops it; an empty box never starts it', () => {
  const clock = fakeClock()
  const sent = []
  const sender = typingSender((state) => sent.push(state), clock)
  sender.keystroke('   ')
  assert.deepEqual(sent, [])
  sender.keystroke('hi')
  sender.sent()
  sender.keystroke('') // the composer empties the box after sending: nothing more to say
  sender.keystroke('again')
  sender.keystroke('')
  sender.keystroke('pause')
  clock.advance(TYPING_IDLE_MS)
  sender.keystroke('leaving')
  sender.stop()
  assert.deepEqual(sent, ['typing', 'sent', 'typing', 'stopped', 'typing', 'stopped', 'typing', 'stopped'])
})

test('after sent the indicator stays until the message arrives, or for a few seconds at most', () => {
  const clock = fakeClock()
  const shown = []
  const watcher = typingWatcher((visible) => shown.push(visible), clock)
  watcher.heard('typing')
  watcher.heard('sent')
  clock.advance(TYPING_SENT_GRACE_MS - 1)
  watcher.clear() // the message arrived
  watcher.heard('typing')
  watcher.heard('sent')
  clock.advance(TYPING_SENT_GRACE_MS) // it never did
  assert.deepEqual(shown, [true, false, true, false])
})

test('a sent never shows an indicator that was not showing', () => {
  const clock = fakeClock()
  const shown = []
  const watcher = typingWatcher((visible) => shown.push(visible), clock)
  watcher.heard('sent')
  clock.advance(TYPING_SENT_GRACE_MS)
  assert.deepEqual(shown, [])
})

test('the watcher shows typing, hides it on stop, on a message, or when it goes stale', () => {
  const clock = fakeClock()
  const shown = []
  const watcher = typingWatcher((visible) => shown.push(visible), clock)
  watcher.heard('typing')
  watcher.heard('stopped')
  watcher.heard('typing')
  watcher.clear()
  watcher.heard('typing')
  clock.advance(TYPING_STALE_MS)
  assert.deepEqual(shown, [true, false, true, false, true, false])
})

test('the watcher shows who is typing when the broadcast names them, short', () => {
  const clock = fakeClock()
  const shown = []
  const watcher = typingWatcher((who) => shown.push(who), clock)
  watcher.heard('typing', typistName({ name: 'Ada' }, 'Support'))
  watcher.heard('typing', typistName({}, 'Support'))
  watcher.heard('stopped')
  assert.deepEqual(shown, ['Ada', 'Support', false])
  assert.equal(typistName({ name: 'x'.repeat(500) }, 'Support').length, 100)
})

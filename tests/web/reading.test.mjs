// What a page marks read (web/shared/reading.js).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { keepReading } from '../../web/shared/reading.js'

// A signal as keepReading uses one: a value, and subscribers called with it now and on change.
function signal(initial) {
  let value = initial
  const subscribers = new Set()
  return {
    get value() { return value },
    set value(next) { value = next; for (const subscriber of subscribers) subscriber(next) },
    subscribe(subscriber) { subscribers.add(subscriber); subscriber(value); return () => subscribers.delete(subscriber) },
  }
}

function setUp({ fails = false } = {}) {
  const messages = signal([])
  const marked = []
  const api = { markRead: async (chatId, seq) => { marked.push([chatId, seq]); if (fails) throw new Error('offline') } }
  const listeners = new Set()
  const page = {
    visibilityState: 'visible',
    addEventListener: (_, listener) => listeners.add(listener),
    removeEventListener: (_, listener) => listeners.delete(listener),
    becomes(state) { this.visibilityState = state; for (const listener of listeners) listener() },
  }
  const show = (...seqs) => { messages.value = [...messages.value, ...seqs.map((seq) => ({ seq }))] }
  const stop = keepReading(api, { chatId: 'c1', messages }, { page })
  return { marked, page, show, stop, listeners }
}

test('the highest seq shown is marked read each time it grows, never again for the same', () => {
  const { marked, show } = setUp()
  show(1, 2)
  show(3)
  assert.deepEqual(marked, [['c1', 2], ['c1', 3]])
})

test('nothing is marked while the page is hidden; what came meanwhile is marked when it shows', () => {
  const { marked, page, show } = setUp()
  page.becomes('hidden')
  show(1, 2)
  assert.deepEqual(marked, [])
  page.becomes('visible')
  assert.deepEqual(marked, [['c1', 2]])
})

test('a failed mark is tried again with the next change', async () => {
  const { marked, show } = setUp({ fails: true })
  show(1)
  await new Promise((resolve) => setTimeout(resolve))
  show(2)
  assert.deepEqual(marked, [['c1', 1], ['c1', 2]])
})

test('stopping lets go of the page and the conversation', () => {
  const { marked, show, stop, listeners } = setUp()
  stop()
  show(1)
  assert.equal(listeners.size, 0)
  assert.deepEqual(marked, [])
})

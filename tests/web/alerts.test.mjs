// The tab title alert (web/shared/alerts.js).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { titleAlert } from '../../web/shared/alerts.js'

function fakePage() {
  const listeners = new Set()
  return {
    title: 'Chat with support',
    visibilityState: 'visible',
    addEventListener: (_, listener) => listeners.add(listener),
    removeEventListener: (_, listener) => listeners.delete(listener),
    becomes(state) { this.visibilityState = state; for (const listener of listeners) listener() },
  }
}

test('messages arriving while the page is hidden count in the title until it shows again', () => {
  const page = fakePage()
  const alert = titleAlert({ page })
  page.becomes('hidden')
  alert.arrived()
  alert.arrived()
  assert.equal(page.title, '(2) Chat with support')
  page.becomes('visible')
  assert.equal(page.title, 'Chat with support')
})

test('nothing is counted while the page is being looked at', () => {
  const page = fakePage()
  const alert = titleAlert({ page })
  alert.arrived()
  assert.equal(page.title, 'Chat with support')
})

// The dashboard's chat list logic (web/admin/sessions.js).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { afterMessage, customerName, mergeSession, unreadCount, visibleSessions } from '../../web/admin/sessions.js'

const session = (id, extra = {}) => ({ id, status: 'open', customer_name: `Name ${id}`, customer_email: `${id}@example.com`,
  last_activity_at: '2026-11-25T10:00:00Z', message_count: 0, ...extra })

test('a Realtime row keeps the count and preview the API gave', () => {
  const fromApi = session('a', { message_count: 4, last_message_preview: 'hello' })
  const merged = mergeSession(fromApi, { id: 'a', status: 'closed', last_seq: 4 })
  assert.equal(merged.status, 'closed')
  assert.equal(merged.message_count, 4)
  assert.equal(merged.last_message_preview, 'hello')
})

test('a new message moves the count, the preview and the activity time', () => {
  const row = mergeSession(session('a', { message_count: 2 }),
    afterMessage({ message_count: 2 }, { chat_id: 'a', seq: 3, content: 'x'.repeat(200), created_at: '2026-11-25T11:00:00Z' }))
  assert.equal(row.message_count, 3)
  assert.equal(row.last_message_preview.length, 140)
  assert.equal(row.last_activity_at, '2026-11-25T11:00:00Z')
})

test('unread is what came after the last seen message, and nothing in the open chat', () => {
  const row = session('a', { message_count: 7 })
  assert.equal(unreadCount(row, 5, false), 2)
  assert.equal(unreadCount(row, 9, false), 0)
  assert.equal(unreadCount(row, 0, true), 0)
})

test('rows follow the filter and the search, newest activity first', () => {
  const rows = new Map([
    ['a', session('a', { last_activity_at: '2026-11-25T09:00:00Z' })],
    ['b', session('b', { last_activity_at: '2026-11-25T12:00:00Z', customer_email: 'bea@shop.test' })],
    ['c', session('c', { status: 'closed' })],
  ])
  assert.deepEqual(visibleSessions(rows, { status: 'open', search: '' }).map((s) => s.id), ['b', 'a'])
  assert.deepEqual(visibleSessions(rows, { status: '', search: ' BEA@shop ' }).map((s) => s.id), ['b'])
  assert.deepEqual(visibleSessions(rows, { status: 'closed', search: '' }).map((s) => s.id), ['c'])
})

test('a chat without a name is shown by its email, then as "Customer"', () => {
  assert.equal(customerName({ customer_email: 'x@example.com' }), 'x@example.com')
  assert.equal(customerName({}), 'Customer')
})

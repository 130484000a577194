// The dashboard's chat list logic (web/admin/sessions.js).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { afterMessage, afterOwnCursor, customerName, mergeSession, snippetParts, visibleSessions } from '../../web/admin/sessions.js'

const session = (id, extra = {}) => ({ id, status: 'open', customer_name: `Name ${id}`, customer_email: `${id}@example.com`,
  last_activity_at: '2026-11-25T10:00:00Z', message_count: 0, ...extra })

test('a Realtime row keeps the count, preview and unread count the API gave', () => {
  const fromApi = session('a', { message_count: 4, last_message_preview: 'hello', unread: 3 })
  const merged = mergeSession(fromApi, { id: 'a', status: 'closed', last_seq: 4 })
  assert.equal(merged.status, 'closed')
  assert.equal(merged.message_count, 4)
  assert.equal(merged.last_message_preview, 'hello')
  assert.equal(merged.unread, 3)
})

test('a new message moves the count, the preview and the activity time', () => {
  const row = mergeSession(session('a', { message_count: 2 }),
    afterMessage({ message_count: 2 }, { chat_id: 'a', seq: 3, content: 'x'.repeat(200), created_at: '2026-11-25T11:00:00Z' },
      { me: 'admin-1', isOpen: false }))
  assert.equal(row.message_count, 3)
  assert.equal(row.last_message_preview.length, 140)
  assert.equal(row.last_activity_at, '2026-11-25T11:00:00Z')
})

test("another's new message is one more unread; one's own, one in the open chat or one heard twice is not", () => {
  const row = session('a', { message_count: 7, unread: 2 })
  const message = (seq, sender) => ({ chat_id: 'a', seq, content: 'x', created_at: '2026-11-25T11:00:00Z', sender_id: sender })
  assert.equal(afterMessage(row, message(8, 'customer-1'), { me: 'admin-1', isOpen: false }).unread, 3)
  assert.equal(afterMessage(row, message(8, 'admin-1'), { me: 'admin-1', isOpen: false }).unread, 2)
  assert.equal(afterMessage(row, message(8, 'customer-1'), { me: 'admin-1', isOpen: true }).unread, 0)
  assert.equal(afterMessage(row, message(7, 'customer-1'), { me: 'admin-1', isOpen: false }).unread, 2)
})

test("the admin's read cursor at the last message clears its row's unread count; behind it, changes nothing", () => {
  const row = session('a', { message_count: 7, unread: 2 })
  assert.deepEqual(afterOwnCursor(row, { seq: 7 }), { id: 'a', unread: 0 })
  assert.equal(afterOwnCursor(row, { seq: 6 }), null)
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
  // whose: the admin's own, nobody's
  const owned = new Map([
    ['a', { id: 'a', status: 'open', assignee_id: 'me-id', last_activity_at: '2026-11-25T10:00:00Z' }],
    ['b', { id: 'b', status: 'open', assignee_id: null, last_activity_at: '2026-11-25T11:00:00Z' }],
    ['c', { id: 'c', status: 'open', assignee_id: 'other', last_activity_at: '2026-11-25T12:00:00Z' }],
  ])
  assert.deepEqual(visibleSessions(owned, { status: '', search: '', assignee: 'me', me: 'me-id' }).map((s) => s.id), ['a'])
  assert.deepEqual(visibleSessions(owned, { status: '', search: '', assignee: 'none', me: 'me-id' }).map((s) => s.id), ['b'])
  assert.deepEqual(visibleSessions(owned, { status: '', search: '', assignee: '', me: 'me-id' }).map((s) => s.id), ['c', 'b', 'a'])
  // what the server found by message words shows too, within the status filter
  assert.deepEqual(visibleSessions(rows, { status: 'open', search: 'parcel', hits: new Set(['a', 'c']) }).map((s) => s.id), ['a'])
})

test('a chat without a name is shown by its email, then as "Customer"', () => {
  assert.equal(customerName({ customer_email: 'x@example.com' }), 'x@example.com')
  assert.equal(customerName({}), 'Customer')
})

test("a search's snippet marks the matched words and reads nothing as markup", () => {
  const parts = snippetParts('my \u0002invoice\u0003 <b>is</b> \u0002wrong\u0003')
  assert.deepEqual(parts, [
    { text: 'my ', marked: false }, { text: 'invoice', marked: true }, { text: ' <b>is</b> ', marked: false },
    { text: 'wrong', marked: true },
  ])
})

test("while searching, the server's finds come first, best match first", () => {
  const sessions = new Map([
    ['newest', session('newest', { last_activity_at: '2026-11-25T12:00:00Z', customer_name: 'Zed' })],
    ['good', session('good', { last_activity_at: '2026-11-25T09:00:00Z' })],
    ['best', session('best', { last_activity_at: '2026-11-25T08:00:00Z' })],
  ])
  const hits = new Map([['good', { rank: 0.4 }], ['best', { rank: 1 }], ['newest', { rank: 0.1 }]])
  const shown = visibleSessions(sessions, { status: '', search: 'kettle', hits })
  assert.deepEqual(shown.map((row) => row.id), ['best', 'good', 'newest'])
})

test('chats waiting for a reply come first, the longest wait first, then the rest by activity', () => {
  const rows = new Map([
    ['newest', session('newest', { last_activity_at: '2026-11-25T12:00:00Z' })],
    ['waits-since-nine', session('waits-since-nine', { waiting_since: '2026-11-25T09:00:00Z', last_activity_at: '2026-11-25T11:30:00Z' })],
    ['waits-since-ten', session('waits-since-ten', { waiting_since: '2026-11-25T10:00:00Z', last_activity_at: '2026-11-25T10:00:00Z' })],
    ['closed-waited', session('closed-waited', { status: 'closed', waiting_since: '2026-11-25T08:00:00Z', last_activity_at: '2026-11-25T08:00:00Z' })],
    ['older', session('older', { last_activity_at: '2026-11-25T07:00:00Z' })],
  ])
  assert.deepEqual(visibleSessions(rows, { status: '', search: '' }).map((s) => s.id),
    ['waits-since-nine', 'waits-since-ten', 'newest', 'closed-waited', 'older'])
})

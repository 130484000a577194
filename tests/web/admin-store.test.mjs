// The dashboard's store (web/admin/store.js) against a fake API and fake Realtime: what an
// admin sees change when the API answers and when Realtime delivers.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createDashboard } from '../../web/admin/store.js'
import { ApiError } from '../../web/shared/api.js'
import { fakeApi, fakeBrowser, fakeSupabase, memoryStorage, settle } from './support/fakes.mjs'

const ME = 'admin-me'
const row = (id, fields = {}) => ({
  id, status: 'open', customer_name: `Customer ${id}`, customer_email: null, last_activity_at: '2026-12-01T10:00:00Z',
  message_count: 1, last_message_preview: 'hello', unread: 0, ...fields,
})

function dashboardWith({ api = {}, search = '', supabase = fakeSupabase() } = {}) {
  const place = fakeBrowser(search)
  const calls = fakeApi({
    listSessions: { sessions: [row('a'), row('b', { unread: 2 })], next_cursor: null },
    me: { user_id: ME, display_name: 'Me', role: 'agent', realtime_epoch: 1 },
    listReplies: { replies: [], next_cursor: null },
    listAdmins: { admins: [] },
    ...api,
  })
  const dashboard = createDashboard({ api: calls, supabase, storage: memoryStorage(), place })
  return { dashboard, api: calls, supabase, place }
}

test('signed in, the dashboard lists the chats the API gives, with their unread counts', async () => {
  const { dashboard } = dashboardWith()
  await dashboard.start()
  assert.equal(dashboard.auth.value, 'signed-in')
  assert.deepEqual([...dashboard.sessions.value.values()].map((s) => [s.id, s.unread]), [['a', 0], ['b', 2]])
})

test('a chat the address names opens at once, fetched when it is not in the list', async () => {
  const { dashboard, api } = dashboardWith({ search: '?chat=c', api: { getSession: { session: row('c') } } })
  await dashboard.start()
  assert.equal(dashboard.currentId.value, 'c')
  assert.ok(api.calls.some(([name, chatId]) => name === 'getSession' && chatId === 'c'))
})

test('chats waiting for a reply load with the first page, however old their activity, and count', async () => {
  const waiting = row('w', { waiting_since: '2026-11-01T09:00:00Z', last_activity_at: '2026-11-01T09:00:00Z' })
  const { dashboard, api } = dashboardWith({
    api: {
      listSessions: (query) => (query.waiting
        ? { sessions: [waiting], next_cursor: 'more', waiting_count: 140 }
        : { sessions: [row('a')], next_cursor: null }),
    },
  })
  await dashboard.start()
  assert.deepEqual([...dashboard.sessions.value.keys()].sort(), ['a', 'w'])
  assert.equal(dashboard.waitingBeyond.value, 140) // more wait than loaded: the count is the server's
  assert.ok(api.calls.some(([name, query]) => name === 'listSessions' && query.waiting && query.limit === 100))
})

test("a customer's message to a chat that is not open counts as unread and shows in its row", async () => {
  const { dashboard, supabase } = dashboardWith()
  await dashboard.start()
  const stop = dashboard.goLive()
  await settle()
  supabase.ready('dashboard')
  supabase.changes('dashboard', 'chat_messages', 'INSERT', {
    chat_id: 'a', seq: 2, sender_id: 'customer-a', sender_type: 'customer', content: 'are you there?', created_at: '2026-12-01T11:00:00Z',
  })
  const a = dashboard.sessions.value.get('a')
  assert.deepEqual([a.unread, a.last_message_preview, a.message_count], [1, 'are you there?', 2])
  stop()
})

test("a chat's row from Realtime keeps the API's unread count and preview (the two shapes meet)", async () => {
  const { dashboard, supabase } = dashboardWith()
  await dashboard.start()
  const stop = dashboard.goLive()
  await settle()
  supabase.changes('dashboard', 'chat_sessions', 'UPDATE', { id: 'b', status: 'closed', customer_name: 'Customer b', last_seq: 1 })
  const b = dashboard.sessions.value.get('b')
  assert.deepEqual([b.status, b.unread, b.last_message_preview], ['closed', 2, 'hello'])
  stop()
})

test('once Realtime says changes flow, the list is loaded again from the API (what the gap hid)', async () => {
  const { dashboard, api, supabase } = dashboardWith()
  await dashboard.start()
  const stop = dashboard.goLive()
  await settle()
  const lists = () => api.calls.filter(([name, query]) => name === 'listSessions' && !query.waiting).length
  const before = lists()
  supabase.ready('dashboard')
  await settle()
  assert.equal(lists(), before + 1)
  assert.equal(dashboard.live.value, 'live')
  stop()
})

test('an admin an owner deactivated is signed out with those words; someone who is no admin, with others', async () => {
  const deactivated = dashboardWith({ api: { me: new ApiError(403, 'admin_deactivated', 'removed') } })
  await deactivated.dashboard.start()
  assert.equal(deactivated.dashboard.auth.value, 'signed-out')
  assert.equal(deactivated.dashboard.signInError.value, 'An owner of your team has removed your access to this dashboard.')

  const stranger = dashboardWith({ api: { me: new ApiError(403, 'forbidden', 'this route is for admins') } })
  await stranger.dashboard.start()
  assert.equal(stranger.dashboard.signInError.value, 'This account is not a chat admin.')
})

test('an open dashboard whose admin is deactivated signs out at once, heard from Realtime or the API', async () => {
  const { dashboard, supabase } = dashboardWith()
  await dashboard.start()
  const stop = dashboard.goLive()
  await settle()
  supabase.changes('dashboard', 'chat_admins', 'UPDATE', { user_id: ME, role: 'agent', deactivated_at: '2026-12-07T10:00:00Z' })
  await settle()
  assert.equal(dashboard.auth.value, 'signed-out')
  assert.equal(dashboard.signInError.value, 'An owner of your team has removed your access to this dashboard.')
  stop()

  const answered = dashboardWith()
  await answered.dashboard.start()
  answered.api.onFailure(new ApiError(403, 'admin_deactivated', 'removed'))
  await settle()
  assert.equal(answered.dashboard.auth.value, 'signed-out')
})

test("a wrong password reads in the page's words, chosen by Supabase Auth's code", async () => {
  const supabase = fakeSupabase({
    session: null, auth: { signIn: { error: { code: 'invalid_credentials', status: 400, message: 'Invalid login credentials' } } },
  })
  const { dashboard } = dashboardWith({ supabase })
  await dashboard.signIn('me@chat.test', 'wrong')
  assert.equal(dashboard.signInError.value, "That email and password don't match. Check them and try again.")
})

test("closing the open chat shows the API's refusal in plain words and keeps the row as it was", async () => {
  const { dashboard } = dashboardWith({ api: { closeSession: new ApiError(0, 'network', 'Failed to fetch') } })
  await dashboard.start()
  await dashboard.openChat('a')
  await dashboard.closeChat()
  assert.equal(dashboard.error.value, 'The chat service cannot be reached. Check your connection.')
  assert.equal(dashboard.sessions.value.get('a').status, 'open')
})

test("an owner's choice of automatic assignment goes to the API and shows as the API answers", async () => {
  const { dashboard, api } = dashboardWith({
    api: {
      listTeam: { members: [], has_more: false, auto_assign: 'off' },
      chooseTeamSettings: (settings) => ({ auto_assign: settings.auto_assign }),
    },
  })
  await dashboard.start()
  await dashboard.loadTeam()
  assert.equal(dashboard.autoAssign.value, 'off')
  await dashboard.chooseAutoAssign('round_robin')
  assert.deepEqual(api.calls.find(([name]) => name === 'chooseTeamSettings'), ['chooseTeamSettings', { auto_assign: 'round_robin' }])
  assert.equal(dashboard.autoAssign.value, 'round_robin')
})

// The customer page's store (web/chat/store.js) against a fake API and fake Realtime: what a
// customer sees as the link is used, messages arrive and the chat closes.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createChatPage } from '../../web/chat/store.js'
import { ApiError } from '../../web/shared/api.js'
import { fakeApi, fakeBrowser, fakeSupabase, memoryStorage, settle } from './support/fakes.mjs'

const CHAT = 'chat-1'
const joined = (fields = {}) => ({
  access_token: 'token-1', expires_at: new Date(Date.now() + 15 * 60_000).toISOString(), realtime_epoch: 1,
  session: { id: CHAT, status: 'open', customer_name: 'Ada', ...fields },
})

function pageWith({ api = {}, capability = 'capability-from-the-link' } = {}) {
  fakeBrowser()
  const supabase = fakeSupabase()
  const tokens = []
  let forgotten = false
  const calls = fakeApi({ join: joined(), listMessages: { messages: [], has_more: false }, ...api })
  const page = createChatPage({
    chatId: CHAT, capability, api: calls, supabase: () => supabase, storage: memoryStorage(),
    setToken: (token) => tokens.push(token), forgetCapability: () => { forgotten = true },
  })
  return { page, api: calls, supabase, tokens, forgotten: () => forgotten }
}

test("the link's capability becomes a token for the API, and the chat is ready", async () => {
  const { page, api, tokens } = pageWith()
  await page.open()
  assert.equal(page.state.value, 'ready')
  assert.deepEqual(tokens, ['token-1'])
  assert.deepEqual(api.calls.find(([name]) => name === 'join'), ['join', CHAT, 'capability-from-the-link'])
})

test('a link that no longer works says so, and the browser forgets it', async () => {
  const { page, forgotten } = pageWith({ api: { join: new ApiError(401, 'unauthorized', 'this chat link is invalid') } })
  await page.open()
  assert.equal(page.state.value, 'problem')
  assert.equal(page.problem.value, 'It is invalid, has expired, or was replaced by a newer link.')
  assert.equal(forgotten(), true)
})

test('a link without its secret part says what is missing, asking nothing of the API', async () => {
  const { page, api } = pageWith({ capability: null })
  await page.open()
  assert.equal(page.problem.value, 'The link is incomplete: it needs the part after the # sign.')
  assert.deepEqual(api.calls, [])
})

test("support's reply arrives on this chat's channel and shows in the conversation", async () => {
  const { page, supabase } = pageWith()
  await page.open()
  const stop = page.goLive()
  await settle()
  supabase.changes(`chat:${CHAT}@1`, 'chat_messages', 'INSERT', {
    chat_id: CHAT, seq: 1, sender_type: 'admin', sender_id: 'admin-1', content: 'How can I help?', created_at: '2026-12-01T10:00:00Z',
  })
  assert.deepEqual(page.conversation.messages.value.map((m) => m.content), ['How can I help?'])
  stop()
})

test('the chat closing (a change on its row) closes the page for writing', async () => {
  const { page, supabase } = pageWith()
  await page.open()
  const stop = page.goLive()
  await settle()
  supabase.changes(`chat:${CHAT}@1`, 'chat_sessions', 'UPDATE', { id: CHAT, status: 'closed' })
  assert.equal(page.closed.value, true)
  stop()
})

test('a reused message id fails that message and leaves the chat open; a closed chat closes it', async () => {
  const reused = pageWith({ api: { sendMessage: new ApiError(409, 'client_msg_id_reused', 'reused') } })
  await reused.page.open()
  reused.page.send('hello')
  await settle()
  assert.equal(reused.page.closed.value, false)

  const closed = pageWith({ api: { sendMessage: new ApiError(409, 'chat_closed', 'chat session is closed') } })
  await closed.page.open()
  closed.page.send('hello')
  await settle()
  assert.equal(closed.page.closed.value, true)
})

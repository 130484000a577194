// The widget's store (web/widget/store.js) against a fake API: a first visit gets the form, a
// return its chat, a forgotten browser the form again; unread replies count while it is closed.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createWidget, panelScreen } from '../../web/widget/store.js'
import { ApiError } from '../../web/shared/api.js'
import { fakeApi, fakeBrowser, memoryStorage } from './support/fakes.mjs'

// A value its subscribers hear at once and on every change, as a signal's are.
function watched(initial) {
  const listeners = new Set()
  let current = initial
  return {
    get value() { return current },
    set value(next) { current = next; listeners.forEach((fn) => fn(next)) },
    subscribe(fn) { listeners.add(fn); fn(current); return () => listeners.delete(fn) },
  }
}

const SITE = { site_key: 'site_abc', name: 'Boot Shop', identity_mode: 'off', name_field: 'optional', email_field: 'optional', colour: '#0f766e', position: 'right' }
const session = (id, status = 'open') => ({ id, status, created_at: '2026-12-08T10:00:00Z' })
const opened = (id) => ({ access_token: `token-${id}`, expires_at: '2026-12-08T10:15:00Z', realtime_epoch: 1, session: session(id) })

function widgetWith(answers = {}, { storage = memoryStorage(), site = SITE } = {}) {
  fakeBrowser()
  const api = fakeApi({ siteSettings: site, ...answers })
  const told = []
  const pages = []
  const screen = panelScreen(globalThis.document)
  const widget = createWidget({
    api, storage, siteKey: 'site_abc', host: 'https://shop.example', context: { language: 'en' }, screen,
    tell: (message) => told.push(message),
    newId: () => 'message-1',
    openChat: (options) => {
      const page = { ...options, conversation: { messages: watched([]) }, opened: null, async open(how) { this.opened = how } }
      pages.push(page)
      return page
    },
  })
  return { widget, api, storage, told, pages, screen }
}

test('a first visit shows the form in the site\'s look, and asks for no chats', async () => {
  const { widget, api, told } = widgetWith()
  await widget.open(null, { page_url: 'https://shop.example/boots' })
  assert.equal(widget.state.value, 'prechat')
  assert.deepEqual(api.calls.map(([name]) => name), ['siteSettings'])
  assert.deepEqual(told, [{ type: 'look', look: { colour: '#0f766e', position: 'right' } }])
})

test('starting keeps the credential and opens the chat with the token the start answered', async () => {
  const started = { opened: opened('c1'), sessions: [session('c1')], visitor_token: 'credential-1', message: {} }
  const { widget, api, storage, pages, told } = widgetWith({ startVisitorChat: started })
  await widget.open(null, { page_url: 'https://shop.example/boots' })
  await widget.start({ name: ' Vera ', email: '', content: 'Size 46?' })
  const [, body] = api.calls.find(([name]) => name === 'startVisitorChat')
  assert.deepEqual(
    { ...body },
    {
      site_key: 'site_abc', host_origin: 'https://shop.example', visitor_token: undefined, identity_token: undefined,
      customer_name: 'Vera', customer_email: undefined, content: 'Size 46?', client_msg_id: 'message-1',
      context: { language: 'en', page_url: 'https://shop.example/boots', referrer: undefined },
    },
  )
  assert.equal(storage.getItem('visitor:site_abc'), 'credential-1')
  assert.equal(widget.state.value, 'chat')
  assert.equal(pages[0].chatId, 'c1')
  assert.deepEqual(pages[0].opened, { joined: started.opened })
  assert.deepEqual(told.at(-1), { type: 'active', value: true })
})

test('a return visit resumes the open chat with the kept credential', async () => {
  const storage = memoryStorage()
  storage.setItem('visitor:site_abc', 'credential-1')
  const { widget, api, pages } = widgetWith({ resumeVisitor: { opened: opened('c1'), sessions: [session('c1')], visitor_token: null } }, { storage })
  await widget.open()
  assert.equal(api.calls[1][1].visitor_token, 'credential-1')
  assert.equal(widget.state.value, 'chat')
  assert.equal(pages[0].chatId, 'c1')
})

test('after a close the form shows, with the earlier chat to read again', async () => {
  const storage = memoryStorage()
  storage.setItem('visitor:site_abc', 'credential-1')
  const { widget } = widgetWith({ resumeVisitor: { opened: null, sessions: [session('c1', 'closed')], visitor_token: null } }, { storage })
  await widget.open()
  assert.equal(widget.state.value, 'prechat')
  assert.deepEqual(widget.chats.value.map((chat) => chat.id), ['c1'])
})

test('a credential the server forgot is dropped, and the form shows', async () => {
  const storage = memoryStorage()
  storage.setItem('visitor:site_abc', 'credential-1')
  const { widget } = widgetWith({ resumeVisitor: new ApiError(401, 'visitor_unknown', 'forgotten') }, { storage })
  await widget.open()
  assert.equal(storage.getItem('visitor:site_abc'), null)
  assert.equal(widget.state.value, 'prechat')
})

test('a site that requires signed-in visitors shows no form to an anonymous one', async () => {
  const { widget } = widgetWith({}, { site: { ...SITE, identity_mode: 'required' } })
  await widget.open()
  assert.equal(widget.state.value, 'unavailable')
  assert.match(widget.problem.value, /Sign in/)
})

test('a refused start keeps the form, worded by its code, with the field at fault', async () => {
  const { widget } = widgetWith({ startVisitorChat: new ApiError(400, 'prechat_field_required', 'email', 'customer_email') })
  await widget.open()
  await widget.start({ content: 'hello' })
  assert.equal(widget.state.value, 'prechat')
  assert.deepEqual(widget.formProblem.value, { text: 'Please fill in the required fields.', field: 'customer_email' })
})

test("support's replies count as unread while the panel is closed, and not once it is open", async () => {
  const { widget, pages, told, screen } = widgetWith({ startVisitorChat: { opened: opened('c1'), sessions: [session('c1')], visitor_token: 'v' } })
  await widget.open()
  await widget.start({ content: 'hello' })
  const messages = pages[0].conversation.messages
  messages.value = [{ seq: 1, sender_type: 'customer' }, { seq: 2, sender_type: 'admin' }, { seq: 3, sender_type: 'admin' }]
  assert.deepEqual(told.at(-1), { type: 'unread', count: 2 })
  screen.show(true)
  assert.deepEqual(told.at(-1), { type: 'unread', count: 0 })
})

test('a resumed chat that needs a token again gets it by resuming that chat', async () => {
  const storage = memoryStorage()
  storage.setItem('visitor:site_abc', 'credential-1')
  const { widget, api, pages } = widgetWith({ resumeVisitor: { opened: opened('c1'), sessions: [session('c1')], visitor_token: null } }, { storage })
  await widget.open()
  const again = await pages[0].joinChat()
  assert.equal(again.access_token, 'token-c1')
  assert.equal(api.calls.at(-1)[1].chat_id, 'c1')
})

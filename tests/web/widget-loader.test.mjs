// The widget's loader (web/widget.js) on a host page: a launcher first, the frame only when
// opened or a chat is in progress, one global, messages only from our frame, and small.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { gzipSync } from 'node:zlib'
import { PAGES, hostPage } from './support/host-page.mjs'

test('it is at most 6 KB gzipped', () => {
  const size = gzipSync(readFileSync(new URL('../../web/widget.js', import.meta.url))).length
  assert.ok(size <= 6 * 1024, `${size} bytes gzipped`)
})

test('a launcher is drawn, and no frame until the visitor opens it', () => {
  const page = hostPage()
  assert.equal(page.launcher().tagName, 'BUTTON')
  assert.equal(page.launcher().getAttribute('aria-label'), 'Chat with support')
  assert.equal(page.launcher().getAttribute('aria-expanded'), 'false')
  assert.equal(page.frames.length, 0)
})

test("opening loads our frame with the site and the host's origin", () => {
  const page = hostPage({ site: 'site_123' })
  page.launcher().click()
  const [frame] = page.frames
  assert.equal(frame.src, `${PAGES}/widget?site=site_123&host=https%3A%2F%2Fshop.example`)
  assert.equal(frame.title, 'Chat with support')
  assert.equal(page.panel().style.display, 'block')
  assert.equal(page.launcher().getAttribute('aria-expanded'), 'true')
})

test("a host in one colour scheme has the frame in it too", () => {
  const page = hostPage({ scheme: 'dark' })
  page.launcher().click()
  assert.match(page.frames[0].src, /&scheme=dark$/)
  const both = hostPage({ scheme: 'light dark' })
  both.launcher().click()
  assert.doesNotMatch(both.frames[0].src, /scheme=/)
})

test('the only global is a frozen CustomerChat with open, close, identify and on', () => {
  const page = hostPage()
  const api = page.window.CustomerChat
  assert.deepEqual(Object.keys(api).sort(), ['close', 'identify', 'on', 'open'])
  assert.ok(Object.isFrozen(api))
})

test('without data-site nothing is drawn and no global is made', () => {
  const page = hostPage({ site: '' })
  assert.equal(page.body.children.length, 0)
  assert.equal(page.window.CustomerChat, undefined)
})

test('once the frame says hello it is shown and told the identity, whether open, and what it kept', () => {
  const page = hostPage({ storage: new Map([['customer-chat:site_abc', JSON.stringify({ kept: { 'visitor:site_abc': 'v1' } })]]) })
  page.window.CustomerChat.identify('jwt-of-the-user')
  page.window.CustomerChat.open()
  page.fromFrame({ type: 'hello' })
  const [[init, target]] = page.posted
  assert.equal(target, PAGES)
  assert.deepEqual(
    { type: init.type, identity: init.identity, shown: init.shown, kept: init.kept },
    { type: 'init', identity: 'jwt-of-the-user', shown: true, kept: { 'visitor:site_abc': 'v1' } },
  )
  assert.equal(init.context.page_url, 'https://shop.example/boots')
  assert.equal(page.frames[0].style.display, 'block')
})

test('a message from another origin or another window is ignored', () => {
  const page = hostPage()
  page.window.CustomerChat.open()
  page.fromFrame({ type: 'hello' }, { from: 'https://evil.example' })
  page.fromFrame({ type: 'hello' }, { source: {} })
  assert.equal(page.posted.length, 0)
  assert.equal(page.frames[0].style.display, 'none')
})

test('unread replies show on the badge and in the label, and the host hears them', () => {
  const page = hostPage()
  const heard = []
  page.window.CustomerChat.on('unread', (count) => heard.push(count))
  page.window.CustomerChat.open()
  page.fromFrame({ type: 'hello' })
  page.window.CustomerChat.close()
  page.fromFrame({ type: 'unread', count: 2 })
  assert.equal(page.launcher().getAttribute('aria-label'), 'Chat with support, 2 unread messages')
  assert.equal(page.launcher().children[1].textContent, '2')
  assert.deepEqual(heard, [2])
})

test('Escape closes the panel, tells the frame and gives focus back to the launcher', () => {
  const page = hostPage()
  page.window.CustomerChat.open()
  page.fromFrame({ type: 'hello' })
  page.key('Escape')
  assert.equal(page.panel().style.display, 'none')
  assert.deepEqual({ ...page.posted.at(-1)[0] }, { cc: 1, type: 'shown', value: false })
  assert.equal(page.focused, page.launcher())
})

test('the frame asking to close closes it too', () => {
  const page = hostPage()
  page.window.CustomerChat.open()
  page.fromFrame({ type: 'hello' })
  page.fromFrame({ type: 'close' })
  assert.equal(page.panel().style.display, 'none')
})

test('a frame that never answers leaves words and a close button, never a blocked page', () => {
  const page = hostPage()
  page.window.CustomerChat.open()
  page.timer() // the load's time is up
  const waiting = page.panel().children[0]
  assert.match(waiting.children[0].textContent, /could not be opened/)
  waiting.children[1].click()
  assert.equal(page.panel().style.display, 'none')
})

test("a chat in progress loads the frame on the next page without a click, in the site's colour", () => {
  const storage = new Map()
  const first = hostPage({ storage })
  first.window.CustomerChat.open()
  first.fromFrame({ type: 'hello' })
  first.fromFrame({ type: 'active', value: true })
  first.fromFrame({ type: 'look', look: { colour: '#0f766e', position: 'left' } })

  const next = hostPage({ storage })
  assert.equal(next.frames.length, 1)
  assert.equal(next.panel().style.display, 'none')
  assert.equal(next.launcher().style.background, '#0f766e')
  assert.equal(next.launcher().style.left, '20px')
})

test("what the frame keeps in the host's storage comes back, and is removed when it says so", () => {
  const storage = new Map()
  const page = hostPage({ storage })
  page.window.CustomerChat.open()
  page.fromFrame({ type: 'hello' })
  page.fromFrame({ type: 'keep', key: 'visitor:site_abc', value: 'v2' })
  assert.deepEqual(JSON.parse(storage.get('customer-chat:site_abc')).kept, { 'visitor:site_abc': 'v2' })
  page.fromFrame({ type: 'keep', key: 'visitor:site_abc', value: null })
  assert.deepEqual(JSON.parse(storage.get('customer-chat:site_abc')).kept, {})
})

test('on a small screen the panel is the whole screen and the launcher steps aside', () => {
  const page = hostPage({ small: true })
  page.window.CustomerChat.open()
  assert.equal(page.panel().style.inset, '0')
  assert.equal(page.panel().style.width, '100%')
  assert.equal(page.launcher().style.display, 'none')
})

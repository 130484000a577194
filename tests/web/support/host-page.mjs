// A host page for the widget's loader (web/widget.js), run in a vm context: just enough DOM for
// what the loader does (elements with styles and attributes, the script tag that loaded it,
// storage, media queries, messages between windows), recording what it drew and posted.
import { readFileSync } from 'node:fs'
import vm from 'node:vm'

const LOADER = readFileSync(new URL('../../../web/widget.js', import.meta.url), 'utf8')
export const PAGES = 'https://pages.example'

class FakeElement extends EventTarget {
  constructor(tag, page) {
    super()
    this.tagName = tag.toUpperCase()
    this.style = {}
    this.attributes = {}
    this.children = []
    this.dataset = {}
    this.textContent = ''
    this.page = page
  }

  setAttribute(name, value) { this.attributes[name] = String(value) }
  getAttribute(name) { return this.attributes[name] ?? null }
  append(...nodes) { this.children.push(...nodes) }
  focus() { this.page.focused = this }
  click() { this.dispatchEvent(new Event('click')) }
}

// A host page at `origin` whose <script src=".../widget.js" data-site=...> runs the loader.
// storage: the host's localStorage (a Map), kept across loads to act as a return visit.
// scheme: the host's <meta name="color-scheme"> content, if any.
export function hostPage({ origin = 'https://shop.example', site = 'site_abc', dataset = {}, storage = new Map(), small = false, scheme = '' } = {}) {
  const posted = [] // what the loader posted to the frame: [message, targetOrigin]
  const page = { focused: null, posted, storage, frames: [] }
  const window = new EventTarget()
  const document = new EventTarget()
  const make = (tag) => {
    const element = new FakeElement(tag, page)
    if (tag === 'iframe') {
      element.contentWindow = { postMessage: (message, target) => posted.push([message, target]) }
      page.frames.push(element)
    }
    return element
  }
  Object.assign(document, {
    currentScript: Object.assign(make('script'), { src: `${PAGES}/widget.js`, dataset: { site, ...dataset } }),
    documentElement: { dir: '' },
    querySelector: () => (scheme ? { content: scheme } : null),
    body: make('body'),
    createElement: make,
  })
  Object.assign(window, {
    document,
    location: { origin, href: `${origin}/boots` },
    localStorage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => storage.set(key, String(value)),
    },
    matchMedia: () => ({ matches: small, addEventListener() {} }),
    getComputedStyle: () => ({ colorScheme: 'normal' }),
    setTimeout: (fn, ms) => { page.timer = fn; return 1 },
    clearTimeout: () => { page.timer = null },
    URL, URLSearchParams, JSON, Object, String, Number,
  })
  window.window = window
  vm.runInNewContext(LOADER, window)
  page.window = window
  page.body = document.body
  page.document = document
  // The frame, answering: a message from our pages' origin (or another `origin`, `source`).
  page.fromFrame = (data, { from = PAGES, source = page.frames[0]?.contentWindow } = {}) => {
    const event = new Event('message')
    Object.assign(event, { data: { cc: 1, ...data }, origin: from, source })
    window.dispatchEvent(event)
  }
  page.key = (key) => {
    const event = new Event('keydown')
    event.key = key
    document.dispatchEvent(event)
  }
  const region = () => document.body.children[0]
  page.launcher = () => region()?.children[1]
  page.panel = () => region()?.children[0]
  return page
}

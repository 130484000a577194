// The chat widget's loader: the one script a website adds,
//   <script src="https://<pages>/widget.js" data-site="<site key>" async></script>
// (data-identity="<JWT>" for a signed-in user, rendered by the website's server; or later,
// CustomerChat.identify(token)).
// It draws a launcher button and, only when the visitor opens it (or has a chat in progress),
// an iframe of our widget page. No dependencies, no global but window.CustomerChat (open,
// close, identify(token), on('unread', fn)); every style is set through the CSSOM, so a strict
// host CSP (script-src and frame-src naming our origin) is enough; and until the frame says it
// is ready, nothing covers the host page but the panel the visitor opened, which closes.
(() => {
  'use strict'
  const script = document.currentScript
  const siteKey = script && script.dataset.site
  if (window.CustomerChat || !siteKey) return
  const origin = new URL(script.src).origin
  const memoryKey = 'customer-chat:' + siteKey
  const SMALL = '(max-width: 600px)'
  const LOAD_MS = 15000
  let memory = {}
  try { memory = JSON.parse(localStorage.getItem(memoryKey)) || {} } catch (e) { /* storage off */ }
  let look = { colour: script.dataset.colour || memory.colour || '#1d4ed8', position: script.dataset.position || memory.position || 'right' }
  let frame = null
  let ready = false
  let shown = false
  let identity = script.dataset.identity || null
  let unread = 0
  let loadTimer = 0
  const listeners = { unread: [] }

  const css = (el, styles) => { Object.assign(el.style, styles); return el }
  const make = (tag, styles) => css(document.createElement(tag), styles)
  const remember = (change) => {
    memory = Object.assign(memory, change)
    try { localStorage.setItem(memoryKey, JSON.stringify(memory)) } catch (e) { /* storage off */ }
  }
  const send = (message) => { if (frame && ready) frame.contentWindow.postMessage(Object.assign({ cc: 1 }, message), origin) }

  const button = make('button', {
    position: 'fixed', bottom: '20px', zIndex: 2147483000, width: '56px', height: '56px', borderRadius: '50%',
    border: '0', padding: '0', cursor: 'pointer', color: '#fff', boxShadow: '0 4px 14px rgba(0,0,0,.25)',
    font: '600 14px/1 system-ui, sans-serif',
  })
  button.type = 'button'
  button.setAttribute('aria-haspopup', 'dialog')
  button.setAttribute('aria-expanded', 'false')
  const icon = make('span', { fontSize: '26px', lineHeight: '56px' })
  icon.setAttribute('aria-hidden', 'true')
  icon.textContent = '\u{1F4AC}'
  const badge = make('span', {
    position: 'absolute', top: '-4px', right: '-4px', minWidth: '20px', height: '20px', borderRadius: '10px',
    background: '#b3261e', color: '#fff', fontSize: '12px', lineHeight: '20px', display: 'none', padding: '0 5px',
    boxSizing: 'border-box',
  })
  badge.setAttribute('aria-hidden', 'true')
  button.append(icon, badge)

  const panel = make('div', {
    position: 'fixed', zIndex: 2147483001, display: 'none', background: 'Canvas', color: 'CanvasText',
    boxShadow: '0 8px 30px rgba(0,0,0,.3)', overflow: 'hidden',
  })
  panel.setAttribute('role', 'dialog')
  panel.setAttribute('aria-label', 'Chat with support')
  // What shows in the panel until the frame is ready, or if it never is: words and a way out.
  const waiting = make('div', { padding: '16px', font: '15px/1.4 system-ui, sans-serif' })
  const waitingText = make('p', { margin: '0 0 12px' })
  const waitingClose = make('button', { font: 'inherit', padding: '8px 14px', cursor: 'pointer' })
  waitingClose.type = 'button'
  waitingClose.textContent = 'Close'
  waitingClose.addEventListener('click', () => close())
  waiting.append(waitingText, waitingClose)
  panel.append(waiting)

  const label = () => (unread ? `Chat with support, ${unread} unread ${unread === 1 ? 'message' : 'messages'}` : 'Chat with support')
  const paint = () => {
    const side = look.position === 'left' ? 'left' : 'right'
    const small = matchMedia(SMALL).matches
    css(button, { background: look.colour, left: side === 'left' ? '20px' : 'auto', right: side === 'right' ? '20px' : 'auto' })
    css(panel, small
      ? { inset: '0', width: '100%', height: '100%', borderRadius: '0' }
      : { inset: 'auto', bottom: '88px', [side]: '20px', [side === 'left' ? 'right' : 'left']: 'auto', width: '380px',
          height: 'min(640px, calc(100vh - 108px))', borderRadius: '12px' })
    badge.textContent = unread > 99 ? '99+' : String(unread)
    badge.style.display = unread ? 'block' : 'none'
    button.setAttribute('aria-label', label())
    // On a small screen the panel is the whole screen: the launcher steps aside while it is open.
    button.style.display = shown && small ? 'none' : 'block'
  }

  // The host's own colour scheme, when it has only one (its CSS or its meta tag): the frame follows it.
  const hostScheme = () => {
    const meta = document.querySelector('meta[name="color-scheme"]')
    const declared = getComputedStyle(document.documentElement).colorScheme + ' ' + (meta ? meta.content : '')
    const dark = /\bdark\b/.test(declared)
    const light = /\blight\b/.test(declared)
    return dark === light ? '' : dark ? 'dark' : 'light'
  }

  function load() {
    if (frame) return
    const params = new URLSearchParams({ site: siteKey, host: location.origin })
    if (document.documentElement.dir === 'rtl') params.set('dir', 'rtl')
    if (hostScheme()) params.set('scheme', hostScheme())
    frame = make('iframe', { border: '0', width: '100%', height: '100%', display: 'none' })
    frame.title = 'Chat with support'
    frame.src = origin + '/widget?' + params
    waitingText.textContent = 'Opening the chat…'
    panel.append(frame)
    loadTimer = setTimeout(() => { if (!ready) waitingText.textContent = 'The chat could not be opened. Try again later.' }, LOAD_MS)
  }

  function open() {
    load()
    shown = true
    panel.style.display = 'block'
    button.setAttribute('aria-expanded', 'true')
    paint()
    if (ready) {
      send({ type: 'shown', value: true })
      frame.focus()
    } else {
      waitingClose.focus()
    }
  }

  function close() {
    if (!shown) return
    shown = false
    panel.style.display = 'none'
    button.setAttribute('aria-expanded', 'false')
    send({ type: 'shown', value: false })
    paint()
    button.focus()
  }

  function setUnread(count) {
    unread = shown ? 0 : count
    paint()
    listeners.unread.forEach((fn) => { try { fn(unread) } catch (e) { /* the host's listener */ } })
  }

  window.addEventListener('message', (event) => {
    const message = event.data
    if (!frame || event.source !== frame.contentWindow || event.origin !== origin || !message || message.cc !== 1) return
    if (message.type === 'hello') {
      ready = true
      clearTimeout(loadTimer)
      waiting.style.display = 'none'
      frame.style.display = 'block'
      send({ type: 'init', identity, shown, kept: memory.kept, context: { page_url: location.href, referrer: document.referrer } })
      if (shown) frame.focus()
    } else if (message.type === 'look') {
      look = { colour: String(message.look.colour), position: String(message.look.position) }
      remember(look)
      paint()
    } else if (message.type === 'close') {
      close()
    } else if (message.type === 'unread') {
      setUnread(Number(message.count) || 0)
    } else if (message.type === 'active') {
      remember({ active: !!message.value })
    } else if (message.type === 'keep' && typeof message.key === 'string') {
      // What the frame keeps where the browser gives it no storage of its own (frame.js).
      const kept = Object.assign({}, memory.kept)
      if (message.value == null) delete kept[message.key]
      else kept[message.key] = String(message.value)
      remember({ kept })
    }
  })
  button.addEventListener('click', () => (shown ? close() : open()))
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape' && shown) close() })
  matchMedia(SMALL).addEventListener('change', paint)

  // One landmark holds the widget, so a host page whose content sits in landmarks stays so.
  const region = document.createElement('aside')
  region.setAttribute('aria-label', 'Support chat')
  region.append(panel, button)
  const mount = () => {
    document.body.append(region)
    paint()
    if (memory.active) load() // a chat in progress: its unread count shows without a click
  }
  if (document.body) mount()
  else document.addEventListener('DOMContentLoaded', mount)

  window.CustomerChat = Object.freeze({
    open,
    close,
    // A JWT the website's server signed for its signed-in user (docs/api.md: verified identity).
    identify(token) {
      identity = token || null
      send({ type: 'identify', identity })
    },
    on(event, fn) {
      if (listeners[event] && typeof fn === 'function') listeners[event].push(fn)
    },
  })
})()

// The widget's frame, on a site's page (the loader, web/widget.js, made the iframe): it talks to
// the loader by postMessage, to its host's origin only, and is the customer page for the chats
// of this site's visitor. The host in the query is checked against the browser's own word
// (location.ancestorOrigins) where the browser gives it; frame-ancestors (the API's answer for
// /widget) already keeps every other website from framing it.
import { render } from 'preact'
import { html } from '../shared/html.js'
import { t } from '../shared/i18n.js'
import { ChatApi } from '../shared/api.js'
import { createChatPage } from '../chat/store.js'
import { createWidget, panelScreen } from './store.js'
import { WidgetApp } from './app.js'

const config = window.CHAT_CONFIG
const query = new URLSearchParams(location.search)
const siteKey = query.get('site')
const host = query.get('host')
const framed = window.parent !== window && (!location.ancestorOrigins?.length || location.ancestorOrigins[0] === host)
if (query.get('dir') === 'rtl') document.documentElement.dir = 'rtl'
if (['dark', 'light'].includes(query.get('scheme'))) document.documentElement.dataset.scheme = query.get('scheme')

// The visual viewport is what the on-screen keyboard leaves: the widget fits it, so the reply box
// stays above the keyboard.
const fitViewport = () => {
  if (window.visualViewport) document.documentElement.style.setProperty('--viewport-height', `${window.visualViewport.height}px`)
}
window.visualViewport?.addEventListener('resize', fitViewport)
fitViewport()

const tell = (message) => { if (framed) window.parent.postMessage({ cc: 1, ...message }, host) }

// This frame's storage (partitioned by the host site, as browsers do for frames); where the
// browser refuses a frame storage (blocked third-party storage: Chrome's incognito, Brave), the
// loader keeps it in the host page's, as a first-party script: the init message brings it, and
// each change goes back.
function frameStorage() {
  try {
    localStorage.setItem('widget-probe', '1')
    localStorage.removeItem('widget-probe')
    return localStorage
  } catch {
    const kept = new Map()
    return {
      receive: (values) => Object.entries(values || {}).forEach(([key, value]) => kept.set(key, String(value))),
      getItem: (key) => kept.get(key) ?? null,
      setItem: (key, value) => { kept.set(key, String(value)); tell({ type: 'keep', key, value: String(value) }) },
      removeItem: (key) => { kept.delete(key); tell({ type: 'keep', key, value: null }) },
    }
  }
}

let accessToken = null
const api = new ChatApi(config.apiBaseUrl, async () => accessToken)
const storage = frameStorage()
const screen = panelScreen()
const supabase = () => window.supabase.createClient(config.supabaseUrl, config.supabasePublishableKey, {
  accessToken: async () => accessToken,
})
const widget = createWidget({
  api,
  storage,
  siteKey,
  host,
  screen,
  tell,
  context: {
    time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    language: navigator.language,
  },
  openChat: (options) => createChatPage({
    ...options, api, storage, screen, supabase, setToken: (token) => { accessToken = token },
  }),
})

const close = () => tell({ type: 'close' })
document.addEventListener('keydown', (event) => { if (event.key === 'Escape') close() })
const app = document.getElementById('app')
app.replaceChildren()
render(html`<${WidgetApp} widget=${widget} onClose=${close} />`, app)

if (!framed || !siteKey || !host) {
  widget.state.value = 'unavailable'
  widget.problem.value = t('widget.not_framed')
} else {
  window.addEventListener('message', (event) => {
    const message = event.data
    if (event.source !== window.parent || event.origin !== host || message?.cc !== 1) return
    if (message.type === 'init') {
      storage.receive?.(message.kept)
      widget.shown(Boolean(message.shown))
      widget.open(message.identity || null, message.context)
    } else if (message.type === 'identify') {
      widget.identify(message.identity || null)
    } else if (message.type === 'shown') {
      widget.shown(Boolean(message.value))
    }
  })
  tell({ type: 'hello' })
}

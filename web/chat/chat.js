// The customer page: the link's capability becomes a short-lived token (renewed before it
// expires), the conversation loads, and Realtime delivers new messages for this chat only.
import { render } from 'preact'
import { html } from '../shared/html.js'
import { ChatApi } from '../shared/api.js'
import { webPush } from '../shared/push.js'
import { createChatPage } from './store.js'
import { CustomerApp, EmailSettingsApp } from './app.js'
import { createEmailSettings } from './email-settings.js'

const config = window.CHAT_CONFIG
const chatId = new URLSearchParams(location.search).get('chatId')
const unsubscribeToken = new URLSearchParams(location.hash.slice(1)).get('unsubscribe')
const storageKey = `chat-capability:${chatId}`

// The capability travels in the fragment (never sent to a server); once read it leaves the
// address bar, and this browser keeps it, so a reload, a new tab or a bookmark of the
// address (which holds no secret) still opens the chat.
function takeCapability() {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token')
  if (fromLink) {
    localStorage.setItem(storageKey, fromLink)
    history.replaceState(null, '', `${location.pathname}?chatId=${encodeURIComponent(chatId)}`)
  }
  return localStorage.getItem(storageKey)
}

let accessToken = null

function openChat() {
  const api = new ChatApi(config.apiBaseUrl, async () => accessToken)
  const page = createChatPage({
    chatId,
    capability: chatId && takeCapability(),
    api,
    push: webPush({ api, vapidPublicKey: config.vapidPublicKey }),
    setToken: (token) => { accessToken = token },
    forgetCapability: () => localStorage.removeItem(storageKey),
    storage: localStorage, // unsent messages survive a reload
    welcomeLine: config.customerWelcomeLine,
    closedLine: config.customerClosedLine,
    supabase: () => window.supabase.createClient(config.supabaseUrl, config.supabasePublishableKey, {
      accessToken: async () => accessToken,
    }),
  })
  render(html`<${CustomerApp} page=${page} />`, document.getElementById('app'))
  page.open()
}

// An email's unsubscribe link opens this page with #unsubscribe=<token> instead of a chat.
function openEmailSettings(token) {
  const page = createEmailSettings({ api: new ChatApi(config.apiBaseUrl, async () => null), token })
  document.title = 'Email settings'
  render(html`<${EmailSettingsApp} page=${page} />`, document.getElementById('app'))
  page.open()
}

if (unsubscribeToken) openEmailSettings(unsubscribeToken)
else openChat()

// The customer page: the link's capability becomes a short-lived token (renewed before it
// expires), the conversation loads, and Realtime delivers new messages for this chat only.
import { ChatApi } from '/shared/api.js'
import { Conversation, keepLive, liveText, setComposerClosed, wireComposer } from '/shared/conversation.js'

const config = window.CHAT_CONFIG
const $ = (id) => document.getElementById(id)
const RENEW_BEFORE_MS = 60_000

const params = new URLSearchParams(location.search)
const chatId = params.get('chatId')
const storageKey = `chat-capability:${chatId}`

// The capability travels in the fragment (never sent to a server); once read it leaves the
// address bar, and the tab keeps it so a refresh still works.
function takeCapability() {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token')
  if (fromLink) {
    sessionStorage.setItem(storageKey, fromLink)
    history.replaceState(null, '', `${location.pathname}?chatId=${encodeURIComponent(chatId)}`)
  }
  return sessionStorage.getItem(storageKey)
}

function showProblem(text) {
  $('loading').hidden = true
  $('conversation').hidden = true
  $('problem').hidden = false
  $('problem-text').textContent = text
}

function showClosed(closed) {
  $('closed').hidden = !closed
  setComposerClosed($('composer'), closed)
}

async function main() {
  const capability = chatId && takeCapability()
  if (!chatId || !capability) {
    showProblem('The link is incomplete: it needs the part after the # sign.')
    return
  }
  let accessToken = null
  const api = new ChatApi(config.apiBaseUrl, async () => accessToken)
  let joined
  try {
    joined = await api.join(chatId, capability)
  } catch (error) {
    sessionStorage.removeItem(storageKey)
    showProblem(error.status === 401 || error.status === 422
      ? 'It is invalid, has expired, or was replaced by a newer link.'
      : error.message)
    return
  }
  accessToken = joined.access_token

  const supabase = window.supabase.createClient(config.supabaseUrl, config.supabasePublishableKey, {
    accessToken: async () => accessToken,
  })
  let renewal = null
  // A fresh token for the API and for Realtime; a link that stopped working ends the page.
  const renewToken = async () => {
    clearTimeout(renewal)
    try {
      const renewed = await api.join(chatId, capability)
      accessToken = renewed.access_token
      await supabase.realtime.setAuth(accessToken)
      schedule(renewed.expires_at)
    } catch (error) {
      if (error.status === 401) showProblem('This link was replaced or has expired.')
      else renewal = setTimeout(renewToken, 10_000)
      throw error
    }
  }
  const schedule = (expiresAt) => {
    renewal = setTimeout(() => renewToken().catch(() => {}),
      Math.max(5_000, new Date(expiresAt) - Date.now() - RENEW_BEFORE_MS))
  }
  schedule(joined.expires_at)

  const session = joined.session
  $('title').textContent = session.customer_name ? `Hi ${session.customer_name}, chat with support` : 'Chat with support'
  const conversation = new Conversation({
    api, chatId, list: $('messages'), me: 'customer',
    names: { admin: 'Support', customer: session.customer_name || 'You' },
  })
  $('loading').hidden = true
  $('conversation').hidden = false
  showClosed(session.status === 'closed')
  await conversation.loadLatest()

  wireComposer($('composer'), $('message'), async (content) => {
    $('error').hidden = true
    try {
      conversation.add([(await api.sendMessage(chatId, content)).message])
    } catch (error) {
      if (error.code === 'conflict') showClosed(true)
      $('error').textContent = error.message
      $('error').hidden = false
      throw error
    }
  })

  keepLive(supabase, `chat:${chatId}`, {
    bind: (channel) => channel
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'chat_messages', filter: `chat_id=eq.${chatId}` },
        (change) => conversation.add([change.new]))
      .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'chat_sessions', filter: `id=eq.${chatId}` },
        (change) => showClosed(change.new.status === 'closed')),
    onReady: () => conversation.catchUp().catch(() => {}),
    onStatus: (status) => { $('live').textContent = liveText[status] },
    renewToken,
  })
}

main()

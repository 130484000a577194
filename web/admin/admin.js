// The admin dashboard: sign in with Supabase Auth, chats on the left (newest activity first,
// filter, search, unread badges), one conversation on the right; Realtime keeps both live.
import { ChatApi } from '/shared/api.js'
import { Conversation, keepLive, liveText, setComposerClosed, wireComposer } from '/shared/conversation.js'

const config = window.CHAT_CONFIG
const $ = (id) => document.getElementById(id)
const supabase = window.supabase.createClient(config.supabaseUrl, config.supabasePublishableKey)
const api = new ChatApi(config.apiBaseUrl, async () => (await supabase.auth.getSession()).data.session?.access_token)

const state = { sessions: new Map(), status: 'open', nextCursor: null, current: null, conversation: null, channel: null }
const seenKey = (id) => `chat-seen:${id}`
const seenSeq = (id) => Number(localStorage.getItem(seenKey(id)) || 0)
const customerName = (s) => s.customer_name || s.customer_email || 'Customer'

function showError(text) {
  $('error').textContent = text
  $('error').hidden = !text
}

// -- the chat list ---------------------------------------------------------------------------
function keep(session) {
  const previous = state.sessions.get(session.id) || {}
  // Realtime rows are the table's columns; the API adds the count and preview.
  state.sessions.set(session.id, {
    ...previous, ...session,
    message_count: session.message_count ?? session.last_seq ?? previous.message_count ?? 0,
    last_message_preview: session.last_message_preview ?? previous.last_message_preview ?? null,
  })
}

async function loadSessions({ more = false } = {}) {
  const page = await api.listSessions({ status: state.status, limit: 50, cursor: more ? state.nextCursor : null })
  if (!more) state.sessions.clear()
  page.sessions.forEach(keep)
  state.nextCursor = page.next_cursor
  renderSessions()
}

function renderSessions() {
  const search = $('search').value.trim().toLowerCase()
  const shown = [...state.sessions.values()]
    .filter((s) => !state.status || s.status === state.status)
    .filter((s) => !search || `${s.customer_name || ''} ${s.customer_email || ''}`.toLowerCase().includes(search))
    .sort((a, b) => new Date(b.last_activity_at) - new Date(a.last_activity_at))
  $('sessions').replaceChildren(...shown.map((session) => {
    const unread = session.id === state.current ? 0 : Math.max(0, session.message_count - seenSeq(session.id))
    const button = document.createElement('button')
    button.type = 'button'
    button.dataset.chatId = session.id
    if (session.id === state.current) button.setAttribute('aria-current', 'true')
    const row = document.createElement('span')
    row.className = 'row1'
    const name = document.createElement('span')
    name.className = 'name'
    name.textContent = customerName(session)
    row.append(name)
    if (unread) {
      const badge = document.createElement('span')
      badge.className = 'badge'
      badge.textContent = unread
      badge.setAttribute('aria-label', `${unread} unread`)
      row.append(badge)
    } else if (session.status === 'closed') {
      const pill = document.createElement('span')
      pill.className = 'status-pill'
      pill.textContent = 'closed'
      row.append(pill)
    }
    const preview = document.createElement('span')
    preview.className = 'preview'
    preview.textContent = session.last_message_preview || session.customer_email || 'No messages yet'
    button.append(row, preview)
    button.addEventListener('click', () => openChat(session.id))
    const item = document.createElement('li')
    item.append(button)
    return item
  }))
  $('sessions-empty').hidden = shown.length > 0
  $('more-sessions').hidden = !state.nextCursor
}

// -- one conversation -------------------------------------------------------------------------
function markSeen() {
  const session = state.sessions.get(state.current)
  if (session) localStorage.setItem(seenKey(session.id), String(session.message_count))
}

function renderHeader() {
  const session = state.sessions.get(state.current)
  $('chat-title').textContent = customerName(session)
  $('chat-email').textContent = session.customer_email && session.customer_name ? session.customer_email : ''
  $('chat-status').textContent = session.status
  $('chat-status').className = `status-pill ${session.status}`
  $('close-chat').disabled = session.status === 'closed'
  setComposerClosed($('composer'), session.status === 'closed')
}

async function openChat(chatId) {
  if (!state.sessions.has(chatId)) keep((await api.getSession(chatId)).session)
  state.current = chatId
  showError('')
  const session = state.sessions.get(chatId)
  state.conversation = new Conversation({
    api, chatId, list: $('messages'), me: 'admin', names: { admin: 'Support', customer: customerName(session) },
    onChange: (messages) => {
      for (const m of messages) keep({ id: chatId, message_count: Math.max(m.seq, state.sessions.get(chatId).message_count) })
      markSeen()
    },
  })
  $('placeholder').hidden = true
  $('conversation').hidden = false
  $('dashboard').classList.add('viewing')
  renderHeader()
  renderSessions()
  $('messages').replaceChildren()
  await state.conversation.loadLatest()
  markSeen()
  renderSessions()
  if (!$('message').disabled) $('message').focus()
}

function onLiveMessage(message) {
  const session = state.sessions.get(message.chat_id)
  if (session) {
    keep({ id: message.chat_id, message_count: Math.max(message.seq, session.message_count),
           last_message_preview: message.content.slice(0, 140), last_activity_at: message.created_at })
  }
  if (message.chat_id === state.current) state.conversation.add([message])
  renderSessions()
}

function onSessionChange(change) {
  if (!change.new?.id) return
  keep(change.new)
  if (change.new.id === state.current) renderHeader()
  renderSessions()
}

function showLink({ link, link_expires_at: expiresAt }) {
  $('link').value = link
  $('link-expiry').textContent = new Date(expiresAt).toLocaleDateString()
  $('copied').textContent = ''
  $('link-dialog').showModal()
  $('link').select()
}

// -- wiring -----------------------------------------------------------------------------------
function wire() {
  $('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault()
    $('signin-error').hidden = true
    const { error } = await supabase.auth.signInWithPassword({ email: $('email').value, password: $('password').value })
    if (error) {
      $('signin-error').textContent = error.message
      $('signin-error').hidden = false
    } else {
      start()
    }
  })
  $('signout').addEventListener('click', async () => {
    await supabase.auth.signOut()
    location.reload()
  })
  for (const button of document.querySelectorAll('.filters button')) {
    button.addEventListener('click', () => {
      state.status = button.dataset.status
      for (const other of document.querySelectorAll('.filters button')) other.setAttribute('aria-pressed', String(other === button))
      loadSessions()
    })
  }
  $('search').addEventListener('input', renderSessions)
  $('more-sessions').addEventListener('click', () => loadSessions({ more: true }))
  $('back').addEventListener('click', () => $('dashboard').classList.remove('viewing'))
  $('new-chat').addEventListener('click', () => {
    $('new-chat-form').reset()
    $('new-chat-error').hidden = true
    $('new-chat-dialog').showModal()
  })
  $('new-chat-cancel').addEventListener('click', () => $('new-chat-dialog').close())
  $('new-chat-form').addEventListener('submit', async (event) => {
    event.preventDefault()
    const name = $('customer-name').value.trim()
    const email = $('customer-email').value.trim()
    try {
      const created = await api.createSession({ customer_name: name || null, customer_email: email || null })
      $('new-chat-dialog').close()
      keep(created.session)
      await openChat(created.session.id)
      showLink(created)
    } catch (error) {
      $('new-chat-error').textContent = error.message
      $('new-chat-error').hidden = false
    }
  })
  $('copy-link').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($('link').value)
      $('copied').textContent = 'Copied.'
    } catch {
      $('link').select()
      $('copied').textContent = 'Press Ctrl+C to copy.'
    }
  })
  $('link-done').addEventListener('click', () => $('link-dialog').close())
  $('rotate-link').addEventListener('click', async () => {
    try { showLink(await api.rotateLink(state.current)) } catch (error) { showError(error.message) }
  })
  $('close-chat').addEventListener('click', async () => {
    try {
      keep((await api.closeSession(state.current)).session)
      renderHeader()
      renderSessions()
    } catch (error) { showError(error.message) }
  })
  wireComposer($('composer'), $('message'), async (content) => {
    showError('')
    try {
      state.conversation.add([(await api.sendMessage(state.current, content)).message])
    } catch (error) {
      showError(error.message)
      throw error
    }
  })
}

async function start() {
  const { data } = await supabase.auth.getSession()
  if (!data.session) {
    $('signin').hidden = false
    $('dashboard').hidden = true
    $('email').focus()
    return
  }
  $('signin').hidden = true
  $('dashboard').hidden = false
  try {
    await loadSessions()
  } catch (error) {
    if (error.status === 401 || error.status === 403) {
      await supabase.auth.signOut()
      $('signin-error').textContent = error.status === 403 ? 'This account is not a chat admin.' : error.message
      $('signin-error').hidden = false
      $('signin').hidden = false
      $('dashboard').hidden = true
      return
    }
    throw error
  }
  await supabase.realtime.setAuth(data.session.access_token)
  state.channel = keepLive(supabase, 'dashboard', {
    bind: (channel) => channel
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'chat_messages' }, (change) => onLiveMessage(change.new))
      .on('postgres_changes', { event: '*', schema: 'public', table: 'chat_sessions' }, onSessionChange),
    // Once changes flow (again): whatever changed meanwhile, from the API.
    onReady: () => {
      loadSessions().catch(() => {})
      state.conversation?.catchUp().catch(() => {})
    },
    onStatus: (status) => { $('live').textContent = liveText[status] },
    // supabase-js refreshes the session and hands Realtime the new token itself.
    renewToken: async () => {
      const { data: refreshed } = await supabase.auth.getSession()
      if (refreshed.session) await supabase.realtime.setAuth(refreshed.session.access_token)
    },
  })
}

wire()
start()

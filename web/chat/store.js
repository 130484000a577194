// The customer page's state (signals) and what can happen to it: the link is exchanged for a
// token, the conversation loads, the token is renewed before it expires, Realtime keeps it
// live, messages go out through the outbox. Components render this and call these; the
// effects that keep the token fresh and the channel open belong to the component that starts
// them.
import { batch, signal } from '@preact/signals-core'
import { createConversation } from '../shared/conversation-store.js'
import { arrivalAlerts, chime, notifySetting, soundSetting } from '../shared/alerts.js'
import { conversationOutbox } from '../shared/outbox.js'
import { CUSTOMER_KEY, keepPresent, supportNames } from '../shared/presence.js'
import { keepReading } from '../shared/reading.js'
import { epochRooms } from '../shared/realtime.js'
import { typingSender, typingWatcher, typistName } from '../shared/typing.js'

const RENEW_BEFORE_MS = 60_000
const RETRY_RENEWAL_MS = 10_000

// What the page says when its credential stops working: a link's words, or (the widget) its own.
const LINK_WORDS = {
  incomplete: 'The link is incomplete: it needs the part after the # sign.',
  refused: 'It is invalid, has expired, or was replaced by a newer link.',
  ended: 'This link was replaced or has expired.',
}

// push: this browser's web push (push.js), for replies while the page is closed. joinChat: how
// a token for the chat is had again (a link's capability by default; a site's visitor resumes).
// screen: whether the chat is on screen (the document; the widget's panel, open or not).
export function createChatPage({
  chatId, capability, api, setToken, forgetCapability = () => {}, supabase, storage, welcomeLine = '', closedLine = '',
  push = { state: { value: 'unsupported' }, refresh: async () => {} },
  joinChat = null, words = LINK_WORDS, screen = globalThis.document,
}) {
  const state = signal('loading') // loading | problem | ready
  const problem = signal('')
  const session = signal(null)
  const closed = signal(false)
  const live = signal('joining')
  const conversation = createConversation(api, chatId)
  const outbox = conversationOutbox({
    api, conversation, storage,
    onRefused: (failure) => { if (failure.code === 'chat_closed') closed.value = true },
  })
  let expiresAt = null
  const rooms = epochRooms() // support and this chat's, named with the team's Realtime epoch
  let client = null
  let channel = null // this chat's live channel, which typing rides on
  const supportTyping = signal(null) // the name of the agent typing, or null
  const watchingSupport = typingWatcher((who) => { supportTyping.value = who || null })
  const supportOnline = signal(null) // the names of the admins online now; null until known
  const sound = soundSetting(storage, 'chat-sound', false)
  const notify = notifySetting({ storage, key: 'chat-notify', push })
  const typing = typingSender((typingState) => channel?.send('typing', { from: 'customer', state: typingState }) ?? false)

  const fail = (text) => batch(() => { problem.value = text; state.value = 'problem' })

  const useToken = async (joined) => {
    setToken(joined.access_token)
    expiresAt = joined.expires_at
    await client?.realtime.setAuth(joined.access_token)
    rooms.note(joined.realtime_epoch)
    return joined
  }
  const join = async () => useToken(await (joinChat ? joinChat() : api.join(chatId, capability)))

  // A fresh token for the API and for Realtime, renewed with the token the page holds (no
  // join: a stranger's failed joins cannot lock an open page out); a token past renewing (it
  // expired while the computer slept) joins again. A link that stopped working ends the page.
  const renewToken = async () => {
    try {
      try {
        await useToken(await api.renewToken())
      } catch (failure) {
        if (failure.status !== 401) throw failure
        await join()
      }
    } catch (failure) {
      if (failure.status === 401) fail(words.ended)
      throw failure
    }
  }

  return {
    chatId, welcomeLine, closedLine, state, problem, session, closed, live, conversation, outbox, supportTyping, supportOnline, sound,
    notify, api,

    // joined: a token already had for the chat (a visitor's start answers one).
    async open({ joined: given = null } = {}) {
      if (!chatId || (!capability && !joinChat)) {
        fail(words.incomplete)
        return
      }
      let joined
      try {
        joined = given ? await useToken(given) : await join()
      } catch (failure) {
        forgetCapability()
        fail(failure.status === 401 || failure.status === 422 ? words.refused : failure.message)
        return
      }
      await Promise.all([
        conversation.loadLatest().catch(() => {}), // else the first "Subscribed" message loads it
        notify.refresh().catch(() => {}),
      ])
      batch(() => {
        session.value = joined.session
        closed.value = joined.session.status === 'closed'
        state.value = 'ready'
      })
    },

    // Renew a minute before expiry (at the soonest after 5 s); retry a failed renewal. Returns stop().
    keepTokenFresh() {
      let timer = null
      const plan = (delay) => {
        timer = setTimeout(() => renewToken().then(
          () => plan(Math.max(5_000, new Date(expiresAt) - Date.now() - RENEW_BEFORE_MS)),
          (failure) => { if (failure.status !== 401) plan(RETRY_RENEWAL_MS) },
        ), delay)
      }
      plan(Math.max(5_000, new Date(expiresAt) - Date.now() - RENEW_BEFORE_MS))
      return () => clearTimeout(timer)
    },

    // This chat's private channel (new messages, the chat closing, support typing and reading;
    // the customer present there for the admin who has it open), and the support topic (which
    // admins are online). Returns stop().
    goLive() {
      client ??= supabase()
      const alert = arrivalAlerts({ page: screen, sound: sound.on, play: chime().play, allowsNotification: notify.allows })
      const support = rooms.join(client, 'support', {
        changes: false,
        bind: (ch) => ch.on('presence', { event: 'sync' }, () => { supportOnline.value = supportNames(ch.presenceState()) }),
        renewToken,
      })
      channel = rooms.join(client, `chat:${chatId}`, {
        presence: { key: CUSTOMER_KEY, meta: { role: 'customer' } },
        bind: (ch) => ch
          .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'chat_messages', filter: `chat_id=eq.${chatId}` },
            (change) => {
              const fresh = conversation.arrived([change.new])
              if (change.new.sender_type === 'admin') {
                watchingSupport.clear()
                if (fresh.length) alert.arrived({ title: 'New message from support', body: change.new.content, tag: chatId })
              }
            })
          .on('broadcast', { event: 'typing' }, ({ payload }) => {
            if (payload?.from === 'admin') watchingSupport.heard(payload.state, typistName(payload, 'Support'))
          })
          .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'chat_sessions', filter: `id=eq.${chatId}` },
            (change) => {
              batch(() => {
                session.value = { ...session.value, ...change.new }
                closed.value = change.new.status === 'closed'
              })
            })
          // Support read this far: "Seen" under the customer's messages up to it.
          .on('postgres_changes', { event: '*', schema: 'public', table: 'chat_read_cursors', filter: `chat_id=eq.${chatId}` },
            ({ new: cursor }) => { if (cursor?.reader_type === 'admin') conversation.noteRead(cursor.seq) })
          .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'chat_realtime_epoch' },
            ({ new: row }) => rooms.note(row?.epoch)),
        onReady: () => {
          outbox.flush()
          return conversation.catchUp()
        },
        onStatus: (status) => { live.value = status },
        renewToken,
      })
      const opened = channel
      return () => {
        opened.stop()
        support.stop()
        alert.stop()
        if (channel === opened) channel = null
      }
    },

    // Real input in the reply box: support sees "… is typing" (throttled; stops by itself).
    typed(text) {
      typing.keystroke(text)
    },

    // While the page is open, the dashboard's chat list shows the customer online. Returns stop().
    keepPresent() {
      return keepPresent({
        beat: () => api.notePresence(chatId, true),
        leave: () => api.notePresence(chatId, false, { keepalive: true }),
      })
    },

    // What the customer sees is read: support sees "Seen" (its read cursor). Returns stop().
    keepReading() {
      return keepReading(api, conversation, { page: screen })
    },

    // A message: its text, its files (uploaded first), or both.
    send(content, files = []) {
      typing.sent()
      outbox.add(content, files)
    },
  }
}

// The widget's state: a site's visitor, in a frame on the site. Its settings load; a visitor who
// has been here (its credential in this frame's storage) or whom the website identified gets its
// chats back, the open one opened; anyone else sees the pre-chat form, which starts a chat. The
// chat itself is the customer page's (web/chat/store.js), whose token is had again by resuming.
// Pure but for what is passed in: the API, storage, the customer page's maker.
import { batch, signal } from '@preact/signals-core'
import { t } from '../shared/i18n.js'

// What the chat says when its token cannot be had again (the customer page's words are a link's).
const chatWords = () => ({ incomplete: t('widget.not_here'), refused: t('widget.gone'), ended: t('widget.gone') })

// What of the loader's context is kept: the two addresses, as text the API takes.
function pageContext({ page_url: pageUrl, referrer } = {}) {
  const address = (value) => (typeof value === 'string' && value ? value.slice(0, 2000) : undefined)
  return { page_url: address(pageUrl), referrer: address(referrer) }
}

// Whether the panel is on screen: open, and its page visible. What the customer page asks of a
// document (visibilityState, visibilitychange, a title) for its read receipts and alerts.
export function panelScreen(document = globalThis.document) {
  const events = new EventTarget()
  let shown = false
  document.addEventListener('visibilitychange', () => events.dispatchEvent(new Event('visibilitychange')))
  return {
    get visibilityState() { return shown && document.visibilityState === 'visible' ? 'visible' : 'hidden' },
    get title() { return document.title },
    set title(text) { document.title = text },
    get shown() { return shown },
    show(value) {
      shown = value
      events.dispatchEvent(new Event('visibilitychange'))
    },
    addEventListener: (...args) => events.addEventListener(...args),
    removeEventListener: (...args) => events.removeEventListener(...args),
  }
}

// api: ChatApi with no bearer of its own but the chat's token (setToken); siteKey and host: the
// frame's query; context: where the visitor is; openChat(options): the customer page's store
// (createChatPage) for one chat; tell(message): to the loader on the host page.
export function createWidget({ api, storage, siteKey, host, context: ownContext, screen, openChat, tell, newId = () => crypto.randomUUID() }) {
  const state = signal('loading') // loading | unavailable | prechat | chat
  const problem = signal('')
  const site = signal(null)
  const chats = signal([]) // the visitor's chats here, newest first
  const chat = signal(null) // the customer page of the chat on screen
  const unread = signal(0)
  const starting = signal(false)
  const formProblem = signal(null) // { text, field }
  const credentialKey = `visitor:${siteKey}`
  let identity = null
  let context = ownContext
  let seenSeq = 0
  let stopCounting = () => {}

  const credential = () => storage.getItem(credentialKey) || undefined
  const asVisitor = () => ({ site_key: siteKey, host_origin: host, visitor_token: credential(), identity_token: identity || undefined })
  const keep = (answer) => {
    if (answer.visitor_token) storage.setItem(credentialKey, answer.visitor_token)
    chats.value = answer.sessions
    tell({ type: 'active', value: answer.sessions.some((session) => session.status === 'open') })
  }
  const unavailable = (failure) => batch(() => { problem.value = failure.message; state.value = 'unavailable' })

  // Support's messages the visitor has not had on screen, for the launcher's badge.
  const countUnread = (page) => {
    stopCounting()
    const count = () => {
      const messages = page.conversation.messages.value
      if (screen.shown) seenSeq = messages.at(-1)?.seq ?? seenSeq
      const fresh = messages.filter((message) => message.sender_type === 'admin' && message.seq > seenSeq).length
      if (fresh !== unread.value) {
        unread.value = fresh
        tell({ type: 'unread', count: fresh })
      }
    }
    const stop = page.conversation.messages.subscribe(count)
    screen.addEventListener('visibilitychange', count)
    stopCounting = () => { stop(); screen.removeEventListener('visibilitychange', count) }
  }

  const show = async (chatId, joined) => {
    const page = openChat({
      chatId,
      joinChat: async () => {
        const answer = await api.resumeVisitor({ ...asVisitor(), chat_id: chatId })
        keep(answer)
        return answer.opened
      },
      words: chatWords(),
    })
    seenSeq = 0
    countUnread(page)
    batch(() => { chat.value = page; state.value = 'chat' })
    await page.open({ joined })
  }

  const toForm = () => batch(() => { chat.value = null; state.value = 'prechat' })

  return {
    state, problem, site, chats, chat, unread, starting, formProblem, screen,

    // identityToken: what the website passed to CustomerChat.identify, if anything; hostContext:
    // the loader's word for where the visitor is (the page's address and its referrer).
    async open(identityToken = null, hostContext = {}) {
      identity = identityToken
      context = { ...context, ...pageContext(hostContext) }
      try {
        site.value = await api.siteSettings(siteKey, host)
        tell({ type: 'look', look: { colour: site.value.colour, position: site.value.position } })
      } catch (failure) {
        unavailable(failure)
        return
      }
      if (!credential() && !identity) {
        if (site.value.identity_mode === 'required') unavailable({ message: t('widget.members_only') })
        else toForm()
        return
      }
      let answer
      try {
        answer = await api.resumeVisitor(asVisitor())
      } catch (failure) {
        if (failure.code === 'visitor_unknown') {
          storage.removeItem(credentialKey) // forgotten, or from another site's key: start afresh
          return this.open(identity)
        }
        unavailable(failure)
        return
      }
      keep(answer)
      if (answer.opened) await show(answer.opened.session.id, answer.opened)
      else toForm()
    },

    // The website signed its user in or out: their chats, not the last visitor's.
    async identify(identityToken) {
      if ((identityToken || null) === identity) return
      await this.open(identityToken)
    },

    // The pre-chat form: { name, email, content }.
    async start({ name = '', email = '', content }) {
      if (starting.value) return
      batch(() => { starting.value = true; formProblem.value = null })
      try {
        const answer = await api.startVisitorChat({
          ...asVisitor(),
          customer_name: name.trim() || undefined,
          customer_email: email.trim() || undefined,
          content,
          client_msg_id: newId(),
          context,
        })
        keep(answer)
        await show(answer.opened.session.id, answer.opened)
      } catch (failure) {
        formProblem.value = { text: failure.message, field: failure.field }
      } finally {
        starting.value = false
      }
    },

    // An earlier chat, to read again.
    async reopen(chatId) {
      await show(chatId, null)
    },

    newChat: toForm,

    // The launcher opened or closed the panel.
    shown(value) {
      screen.show(value)
    },

    // "Forget this browser": the credential stops working here and on the server.
    async forget() {
      const visitorToken = credential()
      if (visitorToken) await api.forgetVisitor({ site_key: siteKey, host_origin: host, visitor_token: visitorToken }).catch(() => {})
      storage.removeItem(credentialKey)
      batch(() => { chats.value = []; chat.value = null; state.value = 'prechat' })
      tell({ type: 'active', value: false })
    },
  }
}

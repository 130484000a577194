// Messages on their way. Each gets its client_msg_id once, shows at once as "Sending…", and is
// sent until the API stores it (then it leaves the outbox and the stored message takes its
// place) or refuses it for good ("Failed – Retry"; the retry reuses the id, so it can never be
// stored twice). While unsent it is kept in `storage`, so a reload resumes it. A failure that
// may pass — no network, 429, 5xx, 503 outcome_unknown — is retried with backoff.
import { signal } from '@preact/signals-core'
import { backoffDelay } from './live.js'

export const mayPass = (error) => !error.status || error.status === 429 || error.status >= 500

export function createOutbox({ chatId, storage, send, onSent = () => {}, onRefused = () => {}, newId = () => crypto.randomUUID() }) {
  const key = `chat-outbox:${chatId}`
  const stored = JSON.parse(storage.getItem(key) || '[]')
  const items = signal(stored.map((item) => ({ ...item, state: 'sending', error: null })))
  const timers = new Map()
  const attempts = new Map()
  const inFlight = new Set()
  let stopped = false

  const save = () => {
    const unsent = items.value.map(({ clientMsgId, content, createdAt }) => ({ clientMsgId, content, createdAt }))
    if (unsent.length) storage.setItem(key, JSON.stringify(unsent))
    else storage.removeItem(key)
  }
  const update = (clientMsgId, change) => {
    items.value = items.value.map((item) => (item.clientMsgId === clientMsgId ? { ...item, ...change } : item))
  }
  const remove = (clientMsgId) => {
    items.value = items.value.filter((item) => item.clientMsgId !== clientMsgId)
    attempts.delete(clientMsgId)
    save()
  }

  const attempt = async (item) => {
    clearTimeout(timers.get(item.clientMsgId))
    timers.delete(item.clientMsgId)
    if (stopped || inFlight.has(item.clientMsgId)) return
    inFlight.add(item.clientMsgId)
    try {
      const { message } = await send(item.content, item.clientMsgId)
      remove(item.clientMsgId)
      onSent(message)
    } catch (error) {
      if (stopped || !items.value.some((x) => x.clientMsgId === item.clientMsgId)) return
      if (mayPass(error)) {
        const tries = attempts.get(item.clientMsgId) ?? 0
        attempts.set(item.clientMsgId, tries + 1)
        timers.set(item.clientMsgId, setTimeout(() => attempt(item), backoffDelay(tries)))
      } else {
        update(item.clientMsgId, { state: 'failed', error: error.message })
        onRefused(error)
      }
    } finally {
      inFlight.delete(item.clientMsgId)
    }
  }

  return {
    items,
    add(content) {
      const item = { clientMsgId: newId(), content, createdAt: new Date().toISOString(), state: 'sending', error: null }
      items.value = [...items.value, item]
      save()
      attempt(item)
      return item
    },
    retry(clientMsgId) {
      const item = items.value.find((x) => x.clientMsgId === clientMsgId)
      if (!item) return
      update(clientMsgId, { state: 'sending', error: null })
      attempts.delete(clientMsgId)
      attempt(item)
    },
    // Messages heard of by another way (Realtime, a page load) are stored: they leave the outbox.
    confirm(messages) {
      const heardOf = new Set(messages.map((message) => message.client_msg_id))
      for (const item of items.value) if (heardOf.has(item.clientMsgId)) remove(item.clientMsgId)
    },
    // Send now whatever is waiting (on start, when the network returns, when Realtime is back).
    flush() {
      stopped = false
      for (const item of items.value) if (item.state === 'sending') attempt(item)
    },
    stop() {
      stopped = true
      for (const timer of timers.values()) clearTimeout(timer)
      timers.clear()
    },
  }
}

// The outbox of a conversation on screen: messages go to its chat through the API and, once
// stored, into the conversation.
export function conversationOutbox({ api, conversation, storage, onRefused }) {
  return createOutbox({
    chatId: conversation.chatId, storage, onRefused,
    send: (content, clientMsgId) => api.sendMessage(conversation.chatId, content, clientMsgId),
    onSent: (message) => conversation.add([message]),
  })
}

// What a page does with its outbox while it shows a conversation: send what waits now and
// again when the network returns, let go of what the conversation shows as stored, stop
// retrying when it goes. Returns the release.
export function keepSending(outbox, conversation) {
  const flush = () => outbox.flush()
  addEventListener('online', flush)
  const stopConfirming = conversation.messages.subscribe((messages) => outbox.confirm(messages))
  outbox.flush()
  return () => {
    removeEventListener('online', flush)
    stopConfirming()
    outbox.stop()
  }
}

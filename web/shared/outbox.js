// Messages on their way. Each gets its client_msg_id once, shows at once as "Sending…", and is
// sent until the API stores it (then it leaves the outbox and the stored message takes its
// place) or refuses it for good ("Failed – Retry"; the retry reuses the id, so it can never be
// stored twice). While unsent it is kept in `storage`, so a reload resumes it. A failure that
// may pass — no network, 429, 5xx, 503 outcome_unknown — is retried with backoff.
// A message with files uploads them first (progress shows, Cancel stops it); each file uploaded
// is remembered, so a retry only sends what is left. The files themselves live only in this
// page: after a reload, one not yet uploaded has to be attached again.
import { signal } from '@preact/signals-core'
import { backoffDelay } from './live.js'
import { UploadError, uploadToS3 } from './uploads.js'

export const mayPass = (error) => !error.status || error.status === 429 || error.status >= 500

export function createOutbox({ chatId, storage, send, onSent = () => {}, onRefused = () => {}, newId = () => crypto.randomUUID() }) {
  const key = `chat-outbox:${chatId}`
  const stored = JSON.parse(storage.getItem(key) || '[]')
  const items = signal(stored.map((item) => ({ files: [], ...item, state: 'sending', error: null, progress: null })))
  const timers = new Map()
  const attempts = new Map()
  const inFlight = new Set()
  const chosen = new Map() // clientMsgId -> the File objects picked, in this page only
  const cancels = new Map() // clientMsgId -> AbortController of its upload under way
  let stopped = false

  const save = () => {
    const unsent = items.value.map(({ clientMsgId, content, createdAt, files }) => ({ clientMsgId, content, createdAt, files }))
    if (unsent.length) storage.setItem(key, JSON.stringify(unsent))
    else storage.removeItem(key)
  }
  const update = (clientMsgId, change) => {
    items.value = items.value.map((item) => (item.clientMsgId === clientMsgId ? { ...item, ...change } : item))
  }
  const remove = (clientMsgId) => {
    items.value = items.value.filter((item) => item.clientMsgId !== clientMsgId)
    attempts.delete(clientMsgId)
    chosen.delete(clientMsgId)
    save()
  }
  const uploaded = (clientMsgId, index, uploadId) => {
    const item = items.value.find((x) => x.clientMsgId === clientMsgId)
    if (!item) return
    update(clientMsgId, { files: item.files.map((file, i) => (i === index ? { ...file, uploadId } : file)) })
    save()
  }

  const attempt = async ({ clientMsgId }) => {
    clearTimeout(timers.get(clientMsgId))
    timers.delete(clientMsgId)
    const item = items.value.find((x) => x.clientMsgId === clientMsgId)
    if (stopped || !item || inFlight.has(clientMsgId)) return
    inFlight.add(clientMsgId)
    const cancel = new AbortController()
    cancels.set(clientMsgId, cancel)
    try {
      const { message } = await send(item.content, clientMsgId, {
        files: item.files,
        chosen: chosen.get(clientMsgId) ?? [],
        onProgress: (progress) => update(clientMsgId, { progress }),
        onUploaded: (index, uploadId) => uploaded(clientMsgId, index, uploadId),
        signal: cancel.signal,
      })
      remove(clientMsgId)
      onSent(message)
    } catch (error) {
      if (stopped || cancel.signal.aborted || !items.value.some((x) => x.clientMsgId === clientMsgId)) return
      if (mayPass(error)) {
        const tries = attempts.get(clientMsgId) ?? 0
        attempts.set(clientMsgId, tries + 1)
        timers.set(clientMsgId, setTimeout(() => attempt(item), backoffDelay(tries)))
      } else {
        update(clientMsgId, { state: 'failed', error: error.message, progress: null })
        onRefused(error)
      }
    } finally {
      inFlight.delete(clientMsgId)
      cancels.delete(clientMsgId)
    }
  }

  return {
    items,
    // files: File objects to send with it (uploaded first).
    add(content, files = []) {
      const item = {
        clientMsgId: newId(), content, createdAt: new Date().toISOString(), state: 'sending', error: null,
        progress: files.length ? 0 : null,
        files: files.map((file) => ({ name: file.name, size: file.size, type: file.type })),
      }
      if (files.length) chosen.set(item.clientMsgId, files)
      items.value = [...items.value, item]
      save()
      attempt(item)
      return item
    },
    // Stop a message that is still on its way (its upload) or failed: it is not sent.
    cancel(clientMsgId) {
      cancels.get(clientMsgId)?.abort()
      clearTimeout(timers.get(clientMsgId))
      remove(clientMsgId)
    },
    // A failed message's file taken out, so Retry sends the rest without it.
    removeFile(clientMsgId, index) {
      const item = items.value.find((x) => x.clientMsgId === clientMsgId)
      if (!item) return
      chosen.set(clientMsgId, (chosen.get(clientMsgId) ?? []).filter((_, i) => i !== index))
      update(clientMsgId, { files: item.files.filter((_, i) => i !== index) })
      save()
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
      for (const cancel of cancels.values()) cancel.abort()
    },
  }
}

// A message and its files: each file not uploaded yet goes to S3 (a signed POST per file),
// then the message names them all.
async function sendWithFiles(api, chatId, content, clientMsgId, upload = {}) {
  const { files = [], chosen = [], onProgress, onUploaded } = upload
  const ids = []
  for (const [index, file] of files.entries()) {
    if (file.uploadId) {
      ids.push(file.uploadId)
      continue
    }
    const picked = chosen[index]
    if (!picked) throw new UploadError(`${file.name} was not uploaded before the page closed. Attach it again.`, 410)
    let ticket
    try {
      ticket = await api.signUpload(chatId, picked)
      await uploadToS3(ticket, picked, {
        signal: upload.signal, onProgress: (done) => onProgress((index + done) / files.length),
      })
    } catch (error) {
      if (error.status > 0) error.message = `“${file.name}”: ${error.message}` // which file, when it is refused
      throw error
    }
    onUploaded(index, ticket.upload_id)
    ids.push(ticket.upload_id)
  }
  return api.sendMessage(chatId, content, clientMsgId, ids)
}

// The outbox of a conversation on screen: messages go to its chat through the API and, once
// stored, into the conversation.
export function conversationOutbox({ api, conversation, storage, onRefused }) {
  return createOutbox({
    chatId: conversation.chatId, storage, onRefused,
    send: (content, clientMsgId, upload) => sendWithFiles(api, conversation.chatId, content, clientMsgId, upload),
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

// The chat API over fetch: JSON in, JSON out, errors as ApiError with the API's code, a
// message in plain words (errors.js), the field at fault and the API's own words as `detail`.
import { plainMessage } from './errors.js'

// What API Gateway answers itself ({message}, no code; template.yaml's GatewayResponses let a
// page read it): its throttle, and a function that failed or took too long.
const GATEWAY_CODES = { 429: 'rate_limited', 502: 'upstream_unavailable', 503: 'upstream_unavailable', 504: 'upstream_unavailable' }

// detail: the API's own words, for logs and developers only; field: the field at fault.
export class ApiError extends Error {
  constructor(status, code, detail, field = null) {
    super(plainMessage(code, field))
    this.status = status
    this.code = code
    this.detail = detail
    this.field = field
  }
}

export class ChatApi {
  // getToken: () => Promise<string|null>, the bearer for each call (renewed tokens included).
  // onFailure(failure), if set, hears every refusal first (the dashboard: its access taken away).
  constructor(baseUrl, getToken) {
    this.baseUrl = baseUrl.replace(/\/$/, '')
    this.getToken = getToken
  }

  // keepalive: the request outlives the page (a leave sent as it closes).
  async request(method, path, { query, body, keepalive = false } = {}) {
    const url = new URL(this.baseUrl + path)
    for (const [key, value] of Object.entries(query || {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, value)
    }
    const headers = { Accept: 'application/json' }
    const token = await this.getToken()
    if (token) headers.Authorization = `Bearer ${token}`
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    let response
    try {
      response = await fetch(url, {
        method, headers, keepalive, body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (error) {
      throw new ApiError(0, 'network', String(error))
    }
    const data = await response.json().catch(() => null)
    if (!response.ok) {
      const error = data?.error || {}
      const code = error.code || GATEWAY_CODES[response.status] || 'error'
      const failure = new ApiError(response.status, code, error.message || data?.message || `Request failed (${response.status})`, error.field ?? null)
      this.onFailure?.(failure)
      throw failure
    }
    return data
  }

  listSessions(query) { return this.request('GET', '/chat-session', { query }) }
  getSession(chatId) { return this.request('GET', '/chat-session', { query: { chatId } }) }
  createSession(body) { return this.request('POST', '/chat-session', { body }) }
  closeSession(chatId) { return this.request('DELETE', '/chat-session', { query: { chatId } }) }
  currentLink(chatId) { return this.request('GET', '/chat-session/link', { query: { chatId } }) }
  reopenSession(chatId) { return this.request('POST', '/chat-session/reopen', { body: { chat_id: chatId } }) }
  rotateLink(chatId) { return this.request('POST', '/chat-session/rotate-link', { body: { chat_id: chatId } }) }
  join(chatId, token) { return this.request('POST', '/chat-session/join', { body: { chat_id: chatId, token } }) }
  // A customer's fresh token, from the one it holds (while its link is the chat's current one).
  renewToken() { return this.request('POST', '/chat-session/token') }

  // The sites the widget runs on (admins list them; owners change them and their keys).
  listSites() { return this.request('GET', '/chat-session/sites') }
  createSite(settings) { return this.request('POST', '/chat-session/sites', { body: settings }) }
  updateSite(change) { return this.request('PATCH', '/chat-session/sites', { body: change }) }
  addSiteKey(key) { return this.request('POST', '/chat-session/sites/keys', { body: key }) }
  removeSiteKey(siteId, kid) { return this.request('DELETE', '/chat-session/sites/keys', { query: { site_id: siteId, kid } }) }

  // A site's visitor (the widget): the site's settings, a chat started, its chats again, forgotten.
  siteSettings(site, host) { return this.request('GET', '/chat-session/site', { query: { site, host } }) }
  startVisitorChat(body) { return this.request('POST', '/chat-session/start', { body }) }
  resumeVisitor(body) { return this.request('POST', '/chat-session/visitor', { body }) }
  forgetVisitor(body) { return this.request('POST', '/chat-session/visitor/forget', { body }) }
  // Moves the caller's read cursor forward to seq (the server never moves it back).
  markRead(chatId, seq) { return this.request('POST', '/chat-message/read', { body: { chat_id: chatId, seq } }) }
  // A chat's private notes, for admins only: a page, oldest first; the newest page, or (cursor:
  // a page's next_cursor) the one before.
  listNotes(chatId, cursor = null) { return this.request('GET', '/chat-message/notes', { query: cursor ? { chatId, cursor } : { chatId } }) }
  addNote(chatId, body) { return this.request('POST', '/chat-message/notes', { body: { chat_id: chatId, body } }) }
  // The team's saved replies: listed by title, saved (new, or with id changed), deleted.
  listReplies(cursor = null) { return this.request('GET', '/chat-message/replies', cursor ? { query: { cursor } } : {}) }
  saveReply(reply) { return this.request('POST', '/chat-message/replies', { body: reply }) }
  deleteReply(id) { return this.request('DELETE', '/chat-message/replies', { query: { id } }) }
  // The signed-in admin's dashboard is open (a beat) or closing (online false, keepalive).
  noteOnline(online, { keepalive = false } = {}) {
    return this.request('POST', '/chat-session/online', { body: { online }, keepalive })
  }
  // The team, and who handles a chat (assigneeId null: nobody).
  listAdmins() { return this.request('GET', '/chat-session/admins') }
  assign(chatId, assigneeId) {
    return this.request('POST', '/chat-session/assign', { body: { chat_id: chatId, assignee_id: assigneeId } })
  }
  // The signed-in admin's id, display name, role and email choice (all, assigned or off).
  me() { return this.request('GET', '/chat-session/me') }
  setPreferences(preferences) { return this.request('PATCH', '/chat-session/me', { body: preferences }) }
  // This browser's web push subscription (PushSubscription.toJSON()), given and taken back.
  savePushSubscription(subscription) {
    return this.request('POST', '/chat-session/push-subscriptions', { body: subscription })
  }
  deletePushSubscription(endpoint) {
    return this.request('DELETE', '/chat-session/push-subscriptions', { query: { endpoint } })
  }
  // The emails' unsubscribe link: its token alone says whose emails, about which chat.
  emailSubscription(token) { return this.request('GET', '/chat-session/unsubscribe', { query: { token } }) }
  setEmailSubscription(token, subscribed) {
    return this.request('POST', '/chat-session/unsubscribe', { query: { token }, body: { subscribed } })
  }
  // Every chat created in [from, to) with its messages, as ndjson or csv: { url, … }.
  exportChats(from, to, format) { return this.request('POST', '/chat-session/export', { body: { from, to, format } }) }
  // An owner's data requests about one customer email: exported as a file ({ url, … }), or erased.
  exportCustomer(email) { return this.request('POST', '/chat-session/customer-data', { body: { email } }) }
  eraseCustomer(email) { return this.request('POST', '/chat-session/customer-data/erase', { body: { email } }) }
  // The team, for its owners: listed, invited ({ email, display_name, role }), changed
  // ({ user_id, display_name?, role?, active? }).
  listTeam() { return this.request('GET', '/chat-session/team') }
  chooseTeamSettings(settings) { return this.request('PATCH', '/chat-session/team/settings', { body: settings }) }
  invite(invitation) { return this.request('POST', '/chat-session/team', { body: invitation }) }
  updateMember(change) { return this.request('PATCH', '/chat-session/team', { body: change }) }
  // The customer's page is open (a beat) or closing (present false, keepalive).
  notePresence(chatId, present, { keepalive = false } = {}) {
    return this.request('POST', '/chat-session/presence', { body: { chat_id: chatId, present }, keepalive })
  }
  listMessages(chatId, query) { return this.request('GET', '/chat-message', { query: { chatId, ...query } }) }
  // clientMsgId: the message's own id, the same on every attempt (see outbox.js).
  sendMessage(chatId, content, clientMsgId, attachments = []) {
    const body = { chat_id: chatId, content, client_msg_id: clientMsgId }
    return this.request('POST', '/chat-message', { body: attachments.length ? { ...body, attachments } : body })
  }
  // What a file must be to be attached (types, size, count), to check one when it is chosen.
  uploadRules() { return this.request('GET', '/chat-message/uploads') }
  // A signed POST for one file to S3 (uploads.js sends it), and a short-lived link to one.
  signUpload(chatId, file) {
    return this.request('POST', '/chat-message/uploads', {
      body: { chat_id: chatId, file_name: file.name, content_type: file.type || 'application/octet-stream', size: file.size },
    })
  }
  // The chat's transcript (json, csv, txt, html), written to S3: { url, expires_at, file_name, … }.
  transcript(chatId, format) { return this.request('GET', '/chat-message/transcript', { query: { chatId, format } }) }
  attachmentLink(chatId, id) { return this.request('GET', '/chat-message/attachment', { query: { chatId, id } }) }
}

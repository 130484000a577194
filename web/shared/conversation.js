// One conversation on screen, for both pages: messages kept by seq and rendered once each,
// in seq order, whether they come from history, a send, Realtime or a catch-up after
// (re)subscribing; older history loads when the list is scrolled to the top.

const PAGE_SIZE = 50
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export class Conversation {
  // list: the role="log" element; me: 'admin' | 'customer'; names: { admin, customer }
  constructor({ api, chatId, list, me, names, onChange = () => {} }) {
    Object.assign(this, { api, chatId, list, me, names, onChange })
    this.bySeq = new Map()
    this.hasOlder = false
    this.loadingOlder = false
    this.list.addEventListener('scroll', () => {
      if (this.list.scrollTop < 40) this.loadOlder()
    })
  }

  get lastSeq() { return this.bySeq.size ? Math.max(...this.bySeq.keys()) : 0 }
  get firstSeq() { return this.bySeq.size ? Math.min(...this.bySeq.keys()) : 0 }

  async loadLatest() {
    const page = await this.api.listMessages(this.chatId, { limit: PAGE_SIZE })
    this.hasOlder = page.has_more
    this.add(page.messages)
  }

  async loadOlder() {
    if (!this.hasOlder || this.loadingOlder) return
    this.loadingOlder = true
    const heightBefore = this.list.scrollHeight
    try {
      const page = await this.api.listMessages(this.chatId, { before_seq: this.firstSeq, limit: PAGE_SIZE })
      this.hasOlder = page.has_more
      this.add(page.messages, { keepPosition: heightBefore })
    } finally {
      this.loadingOlder = false
    }
  }

  // Everything after the last seq seen: what Realtime may have missed while (re)subscribing.
  async catchUp() {
    let page
    do {
      page = await this.api.listMessages(this.chatId, { after_seq: this.lastSeq, limit: 200 })
      this.add(page.messages)
    } while (page.has_more)
  }

  add(messages, { keepPosition } = {}) {
    const fresh = messages.filter((m) => m.chat_id === this.chatId && !this.bySeq.has(m.seq))
    if (!fresh.length) return
    const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 60
    for (const message of fresh) this.bySeq.set(message.seq, message)
    this.render()
    if (keepPosition) this.list.scrollTop = this.list.scrollHeight - keepPosition
    else if (atBottom || fresh.some((m) => m.sender_type === this.me)) this.list.scrollTop = this.list.scrollHeight
    this.onChange(fresh)
  }

  render() {
    const items = [...this.bySeq.values()].sort((a, b) => a.seq - b.seq).map((message) => this.renderMessage(message))
    if (!items.length) {
      const empty = document.createElement('p')
      empty.className = 'empty'
      empty.textContent = 'No messages yet. Say hello!'
      items.push(empty)
    }
    this.list.replaceChildren(...items)
  }

  renderMessage(message) {
    const mine = message.sender_type === this.me
    const item = document.createElement('article')
    item.className = `message ${mine ? 'mine' : 'theirs'}`
    item.dataset.seq = message.seq
    const meta = document.createElement('header')
    const who = document.createElement('span')
    who.className = 'sender'
    who.textContent = mine ? 'You' : this.names[message.sender_type]
    const when = document.createElement('time')
    const created = new Date(message.created_at)
    when.dateTime = message.created_at
    when.title = dayFormat.format(created)
    when.textContent = timeFormat.format(created)
    meta.append(who, ' · ', when)
    const body = document.createElement('p')
    body.className = 'content'
    body.textContent = message.content
    item.append(meta, body)
    return item
  }
}

// Enter sends, Shift+Enter starts a new line; the button sends too.
export function wireComposer(form, textarea, send) {
  const submit = async () => {
    const content = textarea.value
    if (!content.trim() || textarea.disabled) return
    textarea.disabled = true
    try {
      await send(content)
      textarea.value = ''
    } catch {
      // send shows its own error; the text stays for another try
    } finally {
      textarea.disabled = form.dataset.closed === 'true'
      if (!textarea.disabled) textarea.focus()
    }
  }
  form.addEventListener('submit', (event) => { event.preventDefault(); submit() })
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault()
      submit()
    }
  })
}

export function setComposerClosed(form, closed) {
  form.dataset.closed = String(closed)
  for (const control of form.querySelectorAll('textarea, button')) control.disabled = closed
}

// A private Realtime channel that stays live. Changes are trusted only after Realtime's
// "Subscribed to PostgreSQL" system message (it comes after the join, 1-3 s later on a cold
// project), and every such message, the first and each after a reconnect, runs onReady so
// the caller backfills whatever the gap hid. A channel Realtime closes (expired token, lost
// permission, error) is dead for good in realtime-js: it is replaced, after renewing the
// token, with a growing pause between attempts.
export function keepLive(supabase, topic, { bind, onReady, onStatus, renewToken = async () => {} }) {
  let channel = null
  let retry = null
  let attempts = 0
  let stopped = false

  const open = async () => {
    if (stopped) return
    if (channel) {
      const dead = channel
      channel = null
      await supabase.removeChannel(dead)
    }
    const current = bind(supabase.channel(topic, { config: { private: true } }))
      .on('system', {}, (message) => {
        if (message?.extension !== 'postgres_changes' || current !== channel) return
        if (message.status === 'ok') {
          attempts = 0
          onStatus('live')
          onReady()
        }
      })
    channel = current
    current.subscribe((status) => {
      if (current !== channel) return
      if (status === 'SUBSCRIBED') onStatus('joining')
      else reopenLater()
    })
  }

  const reopenLater = () => {
    onStatus('reconnecting')
    clearTimeout(retry)
    retry = setTimeout(async () => {
      try { await renewToken() } catch { /* the next join says whether the old token still works */ }
      open()
    }, Math.min(30_000, 1_000 * 2 ** attempts++))
  }

  open()
  return {
    stop() {
      stopped = true
      clearTimeout(retry)
      if (channel) supabase.removeChannel(channel)
      channel = null
    },
  }
}

// What the connection indicator says for each state of keepLive.
export const liveText = { live: 'Live', joining: 'Connecting…', reconnecting: 'Reconnecting…' }

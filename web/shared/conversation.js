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

// Subscribes to a chat's new messages (and whatever else `extra` adds to the channel);
// every SUBSCRIBED, first or after a reconnect, runs onSubscribed to catch up.
export function subscribeToMessages(supabase, name, filter, { onMessage, onSubscribed, onStatus, extra }) {
  let channel = supabase.channel(name)
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'chat_messages', ...(filter ? { filter } : {}) },
      (change) => onMessage(change.new))
  if (extra) channel = extra(channel)
  return channel.subscribe((status) => {
    onStatus?.(status)
    if (status === 'SUBSCRIBED') onSubscribed()
  })
}

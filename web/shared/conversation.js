// One conversation on screen, for both pages: a list keyed by seq, so a new message adds one
// node and touches no other; below it the reader's own messages still on their way (the
// outbox: "Sending…", or "Failed" with Retry); older history loads when the list is scrolled
// to the top, keeping the reader's place; the view follows new messages while the reader is
// at the bottom (and always after their own). Everything it listens to belongs to it.
import { Component } from 'preact'
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import { html } from './html.js'
import { firstSeq, lastSeq } from './messages.js'
import { dayKey, dayLabel, initials, linkParts } from './text.js'

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' })
const NEAR_TOP = 40
const NEAR_BOTTOM = 60

// Renders again only when its own message (or how it is labelled) changes.
class MessageItem extends Component {
  shouldComponentUpdate({ message, mine, sender, seen }) {
    return message !== this.props.message || mine !== this.props.mine || sender !== this.props.sender
      || seen !== this.props.seen
  }

  render({ message, mine, sender, seen }) {
    const created = new Date(message.created_at)
    const full = dayFormat.format(created)
    return html`
      <article class=${`message ${mine ? 'mine' : 'theirs'}`} data-seq=${message.seq}>
        <header>
          ${mine ? null : html`<span class="avatar" aria-hidden="true">${initials(sender)}</span>`}<span
            class="sender">${sender}</span> · <time dateTime=${message.created_at} title=${full}><span
            aria-hidden="true">${timeFormat.format(created)}</span><span class="visually-hidden">${full}</span></time>${mine ? (seen ? ' · Seen' : ' · Sent') : ''}
        </header>
        <p class="content" dir="auto">${linkParts(message.content).map((part) => (part.url
          ? html`<a href=${part.url} target="_blank" rel="noopener noreferrer">${part.url}</a>` : part.text))}</p>
      </article>`
  }
}

function PendingItem({ item, onRetry }) {
  const failed = item.state === 'failed'
  return html`
    <article class=${`message mine pending${failed ? ' failed' : ''}`} data-client-msg-id=${item.clientMsgId}>
      <header><span class="sender">You</span> · <span role="status">${failed ? 'Failed' : 'Sending…'}</span></header>
      <p class="content">${item.content}</p>
      ${failed ? html`
        <p class="delivery-error">${item.error} <button type="button" onClick=${() => onRetry(item.clientMsgId)}>Retry</button></p>`
        : null}
    </article>`
}

// Each message, preceded by the day's separator where a new day begins.
function withDays(messages, render) {
  const items = []
  let day = null
  for (const message of messages) {
    const key = dayKey(message.created_at)
    if (key !== day) {
      items.push(html`<p key=${`day:${key}`} class="day-separator" role="separator">${dayLabel(message.created_at)}</p>`)
      day = key
    }
    items.push(render(message))
  }
  return items
}

// isMine(message): the reader wrote it; nameOf(message): who did, otherwise. emptyText: what an
// empty chat says (the customer page's welcome line).
export function Conversation({ conversation, isMine, nameOf, outbox, emptyText = 'No messages yet. Say hello!' }) {
  const list = useRef(null)
  const [newBelow, setNewBelow] = useState(0) // arrived while the reader was scrolled up
  const messages = conversation.messages.value
  const loaded = conversation.loaded.value
  const pending = outbox.items.value
  // "Seen" goes under the last of the reader's own messages the other side has read.
  const othersRead = conversation.othersRead.value
  const seenSeq = messages.findLast((message) => isMine(message) && message.seq <= othersRead)?.seq
  // Where the reader was before this render: read while the DOM still shows the old list.
  const before = useRef(null)
  const rendered = list.current
  before.current = rendered
    ? { height: rendered.scrollHeight, top: rendered.scrollTop,
        atBottom: rendered.scrollHeight - rendered.scrollTop - rendered.clientHeight < NEAR_BOTTOM }
    : null
  const shown = useRef({ first: 0, last: 0, pending: 0 })

  useLayoutEffect(() => {
    const element = list.current
    const previous = shown.current
    const first = firstSeq(messages)
    const last = lastSeq(messages)
    const ownNew = pending.length > previous.pending || (last > previous.last && isMine(messages.at(-1)))
    if (previous.first && first < previous.first && before.current) {
      element.scrollTop = element.scrollHeight - before.current.height + before.current.top  // history above
    } else if ((last > previous.last && (!previous.last || before.current?.atBottom)) || ownNew) {
      element.scrollTop = element.scrollHeight
      setNewBelow(0)
    } else if (last > previous.last && previous.last) {
      setNewBelow((count) => count + messages.filter((message) => message.seq > previous.last).length)
    }
    shown.current = { first, last, pending: pending.length }
  }, [messages, pending.length])

  const onScroll = () => {
    const element = list.current
    if (element.scrollTop < NEAR_TOP) conversation.loadOlder().catch(() => {})
    if (element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM) setNewBelow(0)
  }
  const toBottom = () => {
    list.current.scrollTop = list.current.scrollHeight
    setNewBelow(0)
  }

  return html`
    <div class="messages-frame">
      <div id="messages" class="messages" role="log" aria-live="polite" aria-label="Messages" tabindex="0"
        ref=${list} onScroll=${onScroll}>
        ${loaded && !messages.length && !pending.length ? html`<p class="empty">${emptyText}</p>` : null}
        ${withDays(messages, (message) => html`<${MessageItem} key=${message.seq} message=${message}
          seen=${message.seq === seenSeq} mine=${isMine(message)} sender=${isMine(message) ? 'You' : nameOf(message)} />`)}
        ${pending.map((item) => html`<${PendingItem} key=${item.clientMsgId} item=${item} onRetry=${outbox.retry} />`)}
      </div>
      ${newBelow ? html`<button type="button" class="new-below" onClick=${toBottom}>
        ${newBelow === 1 ? '1 new message' : `${newBelow} new messages`} ↓</button>` : null}
    </div>`
}

// One conversation on screen, for both pages: a list keyed by seq, so a new message adds one
// node and touches no other; below it the reader's own messages still on their way (the
// outbox: "Sending…", or "Failed" with Retry); older history loads when the list is scrolled
// to the top, keeping the reader's place; the view follows new messages while the reader is
// at the bottom (and always after their own). Everything it listens to belongs to it.
import { Component } from 'preact'
import { useLayoutEffect, useRef } from 'preact/hooks'
import { html } from './html.js'
import { firstSeq, lastSeq } from './messages.js'

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
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
    return html`
      <article class=${`message ${mine ? 'mine' : 'theirs'}`} data-seq=${message.seq}>
        <header>
          <span class="sender">${sender}</span> · <time dateTime=${message.created_at}
            title=${dayFormat.format(created)}>${timeFormat.format(created)}</time>${mine ? (seen ? ' · Seen' : ' · Sent') : ''}
        </header>
        <p class="content">${message.content}</p>
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

export function Conversation({ conversation, me, names, outbox }) {
  const list = useRef(null)
  const messages = conversation.messages.value
  const loaded = conversation.loaded.value
  const pending = outbox.items.value
  // "Seen" goes under the last of the reader's own messages the other side has read.
  const othersRead = conversation.othersRead.value
  const seenSeq = messages.findLast((message) => message.sender_type === me && message.seq <= othersRead)?.seq
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
    const ownNew = pending.length > previous.pending || (last > previous.last && messages.at(-1).sender_type === me)
    if (previous.first && first < previous.first && before.current) {
      element.scrollTop = element.scrollHeight - before.current.height + before.current.top  // history above
    } else if ((last > previous.last && (!previous.last || before.current?.atBottom)) || ownNew) {
      element.scrollTop = element.scrollHeight
    }
    shown.current = { first, last, pending: pending.length }
  }, [messages, pending.length])

  const onScroll = () => {
    if (list.current.scrollTop < NEAR_TOP) conversation.loadOlder().catch(() => {})
  }

  return html`
    <div id="messages" class="messages" role="log" aria-live="polite" aria-label="Messages" tabindex="0"
      ref=${list} onScroll=${onScroll}>
      ${loaded && !messages.length && !pending.length ? html`<p class="empty">No messages yet. Say hello!</p>` : null}
      ${messages.map((message) => html`<${MessageItem} key=${message.seq} message=${message} seen=${message.seq === seenSeq}
        mine=${message.sender_type === me} sender=${message.sender_type === me ? 'You' : names[message.sender_type]} />`)}
      ${pending.map((item) => html`<${PendingItem} key=${item.clientMsgId} item=${item} onRetry=${outbox.retry} />`)}
    </div>`
}

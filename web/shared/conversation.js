// One conversation on screen, for both pages: a list keyed by seq, so a new message adds one
// node and touches no other; below it the reader's own messages still on their way (the
// outbox: "Sending…", or "Failed" with Retry); older history loads when the list is scrolled
// to the top, keeping the reader's place; the view follows new messages while the reader is
// at the bottom (and always after their own). Everything it listens to belongs to it.
import { Component } from 'preact'
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { html } from './html.js'
import { firstSeq, lastSeq } from './messages.js'
import { dayKey, dayLabel, fileSize, initials, linkParts } from './text.js'

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])
const THUMBNAIL = 240 // px, the longer side

// An image attachment: a thumbnail (its link asked for when it is shown); a click opens it whole.
function ImageAttachment({ attachment, linkFor }) {
  const [url, setUrl] = useState(null)
  useEffect(() => { linkFor(attachment.id).then(setUrl, () => setUrl(null)) }, [attachment.id])
  const scale = attachment.width && attachment.height
    ? Math.min(1, THUMBNAIL / Math.max(attachment.width, attachment.height)) : null
  const open = async (event) => {
    event.preventDefault()
    window.open(await linkFor(attachment.id), '_blank', 'noopener')
  }
  return html`
    <a class="thumbnail" href=${url ?? '#'} target="_blank" rel="noopener noreferrer" onClick=${open}
      aria-label=${`Open ${attachment.name} (${fileSize(attachment.size)})`}>
      ${url ? html`<img src=${url} alt=${attachment.name}
        width=${scale ? Math.round(attachment.width * scale) : undefined}
        height=${scale ? Math.round(attachment.height * scale) : undefined} />`
        : html`<span class="file-name">${attachment.name}</span>`}
    </a>`
}

// What a chip shows before a file's name: its extension ("PDF"), else "FILE".
const fileKind = (name) => (/\.([a-z0-9]{1,5})$/i.exec(name)?.[1] ?? 'file').toUpperCase()

// Any other file: a chip with its name and size; a click downloads it.
function FileAttachment({ attachment, linkFor }) {
  const download = async () => { window.location.assign(await linkFor(attachment.id)) }
  return html`
    <button type="button" class="file-chip" onClick=${download} aria-label=${`Download ${attachment.name} (${fileSize(attachment.size)})`}>
      <span class="file-kind" aria-hidden="true">${fileKind(attachment.name)}</span> <span class="file-name">${attachment.name}</span>
      <span class="muted">${fileSize(attachment.size)}</span>
    </button>`
}

function Attachments({ attachments, linkFor }) {
  if (!attachments?.length) return null
  return html`
    <div class="attachments">
      ${attachments.map((attachment) => (IMAGE_TYPES.has(attachment.type)
        ? html`<${ImageAttachment} key=${attachment.id} attachment=${attachment} linkFor=${linkFor} />`
        : html`<${FileAttachment} key=${attachment.id} attachment=${attachment} linkFor=${linkFor} />`))}
    </div>`
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' })
const NEAR_TOP = 40
const NEAR_BOTTOM = 60

// Whether the other side has read one of ours: the newest they read says "Seen", the ones before
// it a check mark (named for screen readers), the ones after "Sent".
function Receipt({ receipt }) {
  if (receipt === 'seen') return ' · Seen'
  if (receipt === 'read') return html` <span class="read-mark" title="Seen" role="img" aria-label="Seen">✓</span>`
  return ' · Sent'
}

// Renders again only when its own message (or how it is labelled) changes.
class MessageItem extends Component {
  shouldComponentUpdate({ message, ours, mine, sender, receipt }) {
    return message !== this.props.message || ours !== this.props.ours || mine !== this.props.mine
      || sender !== this.props.sender || receipt !== this.props.receipt
  }

  render({ message, ours, mine, sender, receipt, linkFor }) {
    const created = new Date(message.created_at)
    const full = dayFormat.format(created)
    return html`
      <article class=${`message ${ours ? 'ours' : 'theirs'}${mine ? ' mine' : ''}`} data-seq=${message.seq}>
        <header>
          ${mine ? null : html`<span class="avatar" aria-hidden="true">${initials(sender)}</span>`}<span
            class="sender">${sender}</span> · <time dateTime=${message.created_at} title=${full}><span
            aria-hidden="true">${timeFormat.format(created)}</span><span class="visually-hidden">${full}</span></time>${ours ? html`<${Receipt} receipt=${receipt} />` : null}
        </header>
        ${message.content ? html`<p class="content" dir="auto">${linkParts(message.content).map((part) => (part.url
          ? html`<a href=${part.url} target="_blank" rel="noopener noreferrer">${part.text}</a>` : part.text))}</p>` : null}
        <${Attachments} attachments=${message.attachments} linkFor=${linkFor} />
      </article>`
  }
}

// One of the reader's messages on its way: "Sending…" (with its files' upload progress and
// Cancel), or "Failed" with Retry (and Discard).
function PendingItem({ item, onRetry, onCancel, onRemoveFile }) {
  const failed = item.state === 'failed'
  const uploading = !failed && item.files?.some((file) => !file.uploadId)
  const percent = Math.round((item.progress ?? 0) * 100)
  return html`
    <article class=${`message ours mine pending${failed ? ' failed' : ''}`} data-client-msg-id=${item.clientMsgId}>
      <header><span class="sender">You</span> · <span role="status">${failed ? 'Failed' : uploading ? `Uploading… ${percent}%` : 'Sending…'}</span></header>
      ${item.content ? html`<p class="content">${item.content}</p>` : null}
      ${item.files?.length ? html`
        <ul class="chosen-files" aria-label="Files being sent">
          ${item.files.map((file, index) => html`<li key=${index} class="file-chip"><span class="file-name">${file.name}</span>
            <span class="muted">${fileSize(file.size)}</span>
            ${failed ? html`<button type="button" class="quiet" aria-label=${`Send without ${file.name}`}
              onClick=${() => onRemoveFile(item.clientMsgId, index)}>✕</button>` : null}</li>`)}
        </ul>` : null}
      ${uploading ? html`
        <p class="delivery-error"><progress max="100" value=${percent} aria-label="Upload progress"></progress>
          <button type="button" onClick=${() => onCancel(item.clientMsgId)}>Cancel</button></p>` : null}
      ${failed ? html`
        <p class="delivery-error">${item.error} <button type="button" onClick=${() => onRetry(item.clientMsgId)}>Retry</button>
          <button type="button" onClick=${() => onCancel(item.clientMsgId)}>Discard</button></p>`
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

// isOurs(message): written on the reader's side (the team's, on the dashboard), shown on the
// right with receipts; isMine(message): by the reader ("You"); nameOf(message): who, otherwise.
// emptyText: what an empty chat says (the customer page's welcome line).
export function Conversation({
  conversation, isMine, isOurs = isMine, nameOf, outbox, emptyText = 'No messages yet. Say hello!',
}) {
  const list = useRef(null)
  const [newBelow, setNewBelow] = useState(0) // arrived while the reader was scrolled up
  const messages = conversation.messages.value
  const loaded = conversation.loaded.value
  const pending = outbox.items.value
  // "Seen" goes under the newest of our messages the other side has read; the earlier are read too.
  const othersRead = conversation.othersRead.value
  const seenSeq = messages.findLast((message) => isOurs(message) && message.seq <= othersRead)?.seq
  const receiptOf = (message) => (message.seq === seenSeq ? 'seen' : message.seq < seenSeq ? 'read' : 'sent')
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
          receipt=${receiptOf(message)} ours=${isOurs(message)} mine=${isMine(message)}
          sender=${isMine(message) ? 'You' : nameOf(message)}
          linkFor=${conversation.attachmentLink} />`)}
        ${pending.map((item) => html`<${PendingItem} key=${item.clientMsgId} item=${item} onRetry=${outbox.retry}
          onCancel=${outbox.cancel} onRemoveFile=${outbox.removeFile} />`)}
      </div>
      ${newBelow ? html`<button type="button" class="new-below" onClick=${toBottom}>
        ${newBelow === 1 ? '1 new message' : `${newBelow} new messages`} ↓</button>` : null}
    </div>`
}

// The dashboard's components. A chat's view is keyed by its id, so opening another chat
// unmounts the last one with everything it listened to.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks'
import { AlertSettings, PushSetting } from '../shared/alert-settings.js'
import { TranscriptMenu } from '../shared/transcript.js'
import { Composer } from '../shared/composer.js'
import { Conversation } from '../shared/conversation.js'
import { createConversation } from '../shared/conversation-store.js'
import { conversationOutbox, keepSending } from '../shared/outbox.js'
import { html } from '../shared/html.js'
import { ConnectionStatus } from '../shared/status.js'
import { customerName, snippetParts, visibleSessions } from './sessions.js'

const FILTERS = [['open', 'Open'], ['closed', 'Closed'], ['', 'All']]
const ASSIGNEE_FILTERS = [['me', 'Mine'], ['none', 'Unassigned'], ['', 'Everyone']]
const WIDE = '(min-width: 701px)' // beside the list; narrower, one pane at a time (styles.css)

// A failure in plain words, announced.
function Problem({ text }) {
  return text ? html`<p class="notice error" role="alert">${text}</p>` : null
}

// What a form or dialog tries for the person: attempt(action, success) runs it and keeps the
// outcome, a failure's plain words as `problem`, `success` (words, or words from the result)
// as `done`; it answers whether it worked.
function useAttempt() {
  const [problem, setProblem] = useState('')
  const [done, setDone] = useState('')
  const attempt = async (action, success = '') => {
    setProblem('')
    setDone('')
    try {
      const result = await action()
      setDone(typeof success === 'function' ? success(result) : success)
      return true
    } catch (failure) {
      setProblem(failure.message)
      return false
    }
  }
  const clear = () => { setProblem(''); setDone('') }
  return { problem, done, attempt, clear }
}

function SignIn({ dashboard }) {
  const email = useRef(null)
  const password = useRef(null)
  useLayoutEffect(() => email.current.focus(), []) // at once: typing may already have begun
  const submit = (event) => {
    event.preventDefault()
    dashboard.signIn(email.current.value, password.current.value)
  }
  return html`
    <main><section class="card centered" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in to the chat dashboard</h1>
      <form onSubmit=${submit}>
        <label for="email">Email</label>
        <input id="email" ref=${email} type="email" autocomplete="username" required />
        <label for="password">Password</label>
        <input id="password" ref=${password} type="password" autocomplete="current-password" required />
        <${Problem} text=${dashboard.signInError.value} />
        <div class="actions"><button type="submit" class="primary">Sign in</button></div>
      </form>
    </section></main>`
}

// Signed in by an invitation's link: the new admin chooses the password it will sign in with.
function ChoosePassword({ dashboard }) {
  const password = useRef(null)
  useLayoutEffect(() => password.current.focus(), [])
  const submit = (event) => {
    event.preventDefault()
    dashboard.choosePassword(password.current.value)
  }
  return html`
    <main><section class="card centered" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Welcome to the team</h1>
      <p>Choose a password: you will sign in with it and your email from now on.</p>
      <form onSubmit=${submit}>
        <label for="new-password">Password (at least 6 characters)</label>
        <input id="new-password" ref=${password} type="password" autocomplete="new-password" minlength="6" required />
        <${Problem} text=${dashboard.signInError.value} />
        <div class="actions"><button type="submit" class="primary">Save password and continue</button></div>
      </form>
    </section></main>`
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

const dateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const isToday = (date) => date.toDateString() === new Date().toDateString()

// "Last seen 14:05" today, with the date before.
function lastSeen(at) {
  const seen = new Date(at)
  return `Last seen ${isToday(seen) ? timeFormat.format(seen) : dayFormat.format(seen)}`
}

// A row's last activity: "14:05" today, "Nov 24" before; the full date on hover.
function Activity({ at }) {
  const when = new Date(at)
  return html`<time class="activity" dateTime=${at} title=${dayFormat.format(when)}>
    ${isToday(when) ? timeFormat.format(when) : dateFormat.format(when)}</time>`
}

// A search's find in a row: the words around it, the matched ones marked.
function Snippet({ snippet }) {
  return html`<span class="preview snippet">${snippetParts(snippet).map((part) => (part.marked
    ? html`<mark>${part.text}</mark>` : part.text))}</span>`
}

// match: why a search found this chat (its best message), while searching.
function ChatRow({ dashboard, session, open, match }) {
  const unread = open ? 0 : session.unread
  const online = dashboard.isOnline(session)
  return html`
    <li>
      <button type="button" data-chat-id=${session.id} aria-current=${open ? 'true' : undefined}
        onClick=${() => dashboard.openChat(session.id, { atSeq: match?.seq ?? null })}>
        <span class="row1">
          <span class="name"><span class=${`presence-dot${online ? ' online' : ''}`} role="img"
            aria-label=${online ? 'online' : 'away'} title=${online ? 'Online now' : session.customer_seen_at ? lastSeen(session.customer_seen_at) : 'Not seen yet'}></span>
            ${customerName(session)}</span>
          ${session.assignee_name ? html`<span class="assignee muted" title="Handled by">${session.assignee_name}</span>` : null}
          ${unread ? html`<span class="badge" aria-label=${`${unread} unread`}>${unread >= 100 ? '99+' : unread}</span>`
            : session.status === 'closed' ? html`<span class="status-pill">closed</span>` : null}
        </span>
        <span class="row2">
          ${match?.snippet ? html`<${Snippet} snippet=${match.snippet} />`
            : html`<span class="preview">${session.last_message_preview || session.customer_email || 'No messages yet'}</span>`}
          <${Activity} at=${session.last_activity_at} />
        </span>
      </button>
    </li>`
}

// What an empty list says: nothing yet, still searching, or nothing found.
function emptyListText(dashboard) {
  const q = dashboard.search.value.trim()
  if (!q) return 'No chats here yet.'
  return q.length >= 2 && dashboard.searchHits.value === null ? 'Searching…' : 'No chats match.'
}

function Sidebar({ dashboard, onNewChat, onManageReplies, onManageTeam, onManageNotifications, onManageData, onExport }) {
  const shown = visibleSessions(dashboard.sessions.value, {
    status: dashboard.status.value, search: dashboard.search.value, hits: dashboard.searchHits.value,
    assignee: dashboard.assignee.value, me: dashboard.me,
  })
  const currentId = dashboard.currentId.value
  const searching = dashboard.search.value.trim() !== ''
  return html`
    <nav class="sidebar" aria-label="Chats">
      <header>
        <div class="topline">
          <h1 id="chats-title" tabindex="-1">Chats</h1>
          <div>
            <button id="new-chat" class="primary" type="button" onClick=${onNewChat}>New chat</button>
            <button type="button" aria-label="Sign out" onClick=${() => dashboard.signOut()}>Sign out</button>
            <button type="button" aria-label="Sign out on all devices" title="Sign out on all devices" onClick=${() => dashboard.signOut({ everywhere: true })}>All devices</button>
          </div>
        </div>
        <div class="topline">
          <${AlertSettings} sound=${dashboard.sound} notifications=${dashboard.notifications} />
          <span>
            <button type="button" class="quiet" onClick=${onManageNotifications}>Notifications</button>
            <button type="button" class="quiet" onClick=${onManageReplies}>Saved replies</button>
            <button type="button" class="quiet" onClick=${onExport}>Export chats</button>
            ${dashboard.isOwner.value ? html`<button type="button" class="quiet" onClick=${onManageTeam}>Team</button>
              <button type="button" class="quiet" onClick=${onManageData}>Customer data</button>` : null}
          </span>
        </div>
        <div class="filters" role="group" aria-label="Show">
          ${FILTERS.map(([value, label]) => html`
            <button type="button" aria-pressed=${String(dashboard.status.value === value)}
              onClick=${() => dashboard.setFilter(value)}>${label}</button>`)}
        </div>
        <div class="filters" role="group" aria-label="Whose">
          ${ASSIGNEE_FILTERS.map(([value, label]) => html`
            <button type="button" aria-pressed=${String(dashboard.assignee.value === value)}
              onClick=${() => dashboard.setAssigneeFilter(value)}>${label}</button>`)}
        </div>
        <label for="search" class="visually-hidden">Search names, emails and messages</label>
        <input id="search" type="search" placeholder="Search names, emails, messages" autocomplete="off"
          value=${dashboard.search.value} onInput=${(event) => dashboard.setSearch(event.currentTarget.value)} />
        <${ConnectionStatus} status=${dashboard.live.value} />
      </header>
      <ul class="sessions">
        ${shown.map((session) => html`<${ChatRow} key=${session.id} dashboard=${dashboard} session=${session}
          open=${session.id === currentId} match=${searching ? dashboard.searchHits.value?.get(session.id) : null} />`)}
      </ul>
      ${shown.length ? null : html`<p class="placeholder" role="status">${emptyListText(dashboard)}</p>`}
      ${dashboard.nextCursor.value ? html`
        <button type="button" onClick=${() => dashboard.loadSessions({ more: true })}>Load more</button>` : null}
    </nav>`
}

// The message a search found, scrolled to the middle of the view and marked.
function showFound(seq) {
  requestAnimationFrame(() => {
    const found = document.querySelector(`.conversation [data-seq="${seq}"]`)
    if (!found) return
    found.classList.add('found')
    found.scrollIntoView({ block: 'center' })
  })
}

function ChatView({ dashboard, session, api }) {
  const conversation = useMemo(() => createConversation(api, session.id), [session.id])
  const outbox = useMemo(() => conversationOutbox({ api, conversation, storage: localStorage }), [conversation])
  const [customerTyping, setCustomerTyping] = useState(false)
  const [colleagueTyping, setColleagueTyping] = useState(null)
  const [colleagues, setColleagues] = useState([]) // other admins with this chat open
  const [notes, setNotes] = useState({ list: [], loadOlder: null })
  const typing = useRef(null)
  // Opened: on a wide screen straight to the reply box, on a phone (where that would pull up
  // the keyboard) and for a closed chat to its heading.
  useLayoutEffect(() => {
    const replying = session.status !== 'closed' && matchMedia(WIDE).matches
    document.getElementById(replying ? 'message' : 'chat-title')?.focus()
  }, [session.id])
  useEffect(() => {
    const release = dashboard.showing(conversation)
    const stopSending = keepSending(outbox, conversation)
    typing.current = dashboard.inChat(conversation, {
      onCustomerTyping: setCustomerTyping, onColleagueTyping: setColleagueTyping, onColleagues: setColleagues,
    })
    // From a search: the chat at the message it found, marked; else at its newest.
    const target = dashboard.revealSeq.peek()
    const opening = target ? conversation.reveal(target) : conversation.loadLatest()
    opening.then(() => { if (target) showFound(target) }).catch(dashboard.showFailure)
    const stopNotes = dashboard.notesIn(session.id, (list, loadOlder) => setNotes({ list, loadOlder }))
    return () => { release(); stopSending(); typing.current.stop(); stopNotes() }
  }, [conversation])

  const [confirming, setConfirming] = useState(null) // 'close' | 'new-link' while asking
  const closed = session.status === 'closed'
  const name = customerName(session)
  return html`
    <section class="conversation" aria-labelledby="chat-title">
      <header>
        <div class="title-line">
          <button class="back-button" type="button" aria-label="Back to chats" onClick=${() => dashboard.closeView()}>←</button>
          <h1 id="chat-title" tabindex="-1">${name}</h1>
          <span class=${`status-pill ${session.status}`}>${session.status}</span>
        </div>
        <div class="toolbar">
          <label for="assignee" class="visually-hidden">Handled by</label>
          <select id="assignee" value=${session.assignee_id ?? ''}
            onChange=${(event) => dashboard.assignTo(event.currentTarget.value || null)}>
            <option value="">Unassigned</option>
            ${dashboard.admins.value.map((admin) => html`
              <option value=${admin.user_id}>${admin.user_id === dashboard.me ? `Me (${admin.display_name})` : admin.display_name}</option>`)}
          </select>
          <${TranscriptMenu} api=${api} chatId=${session.id} />
          ${closed ? html`<button type="button" onClick=${() => dashboard.reopenChat()}>Reopen chat</button>` : html`
            <button type="button" onClick=${() => dashboard.showLink()}>Show link</button>
            <button type="button" onClick=${() => setConfirming('new-link')}>New link</button>
            <button class="danger" type="button" onClick=${() => setConfirming('close')}>Close chat</button>`}
        </div>
      </header>
      <${ConfirmDialog} open=${confirming === 'close'} onClose=${() => setConfirming(null)} title="Close this chat?"
        confirmLabel="Close chat" danger onConfirm=${() => dashboard.closeChat()}>
        ${name} can still read it but can no longer write. You can reopen it later.
      <//>
      <${ConfirmDialog} open=${confirming === 'new-link'} onClose=${() => setConfirming(null)} title="Make a new link?"
        confirmLabel="Make a new link" onConfirm=${() => dashboard.rotateLink()}>
        The current link stops working at once: ${name} will need the new one to come back.
      <//>
      <p class="muted subtitle">
        <span id="customer-presence">${dashboard.isOnline(session) ? 'Online now'
          : session.customer_seen_at ? lastSeen(session.customer_seen_at) : 'Has not opened the link yet'}</span>
        ${session.customer_email && session.customer_name ? ` · ${session.customer_email}` : null}
        ${colleagues.length ? html` · <span id="colleagues">Also here: ${colleagues.join(', ')}</span>` : null}
      </p>
      <${Problem} text=${dashboard.error.value} />
      <${Conversation} conversation=${conversation} outbox=${outbox}
        isMine=${(message) => message.sender_id === dashboard.profile.value?.user_id}
        nameOf=${(message) => (message.sender_type === 'customer' ? name : message.sender_name || 'Support')} />
      <${TeamNotes} notes=${notes.list} onOlder=${notes.loadOlder} onAdd=${(body) => dashboard.addNote(session.id, body)} />
      ${customerTyping ? html`<p class="typing" role="status">${name} is typing…</p>` : null}
      ${colleagueTyping ? html`<p class="typing" role="status">${colleagueTyping} (support) is typing a reply…</p>` : null}
      <${Composer} label="Your reply" sendLabel="Send reply" disabled=${closed}
        placeholder=${closed ? 'This chat is closed. Reopen it to reply.' : 'Write a reply…'}
        onSend=${(content, files) => { typing.current?.sent(); return outbox.add(content, files) }}
        onType=${(text) => typing.current?.typed(text)}
        savedReplies=${dashboard.savedReplies.value} />
    </section>`
}

// A native modal dialog, open while `open` is true; Escape or a button closes it (onClose).
// Opened in the same task as its content renders, so nothing sees the content of a dialog
// that is not yet modal (a key pressed then would go to the page behind it).
function Dialog({ open, onClose, labelledBy, children }) {
  const dialog = useRef(null)
  useLayoutEffect(() => {
    if (open && !dialog.current.open) dialog.current.showModal()
    if (!open && dialog.current.open) dialog.current.close()
  }, [open])
  return html`<dialog ref=${dialog} aria-labelledby=${labelledBy} onClose=${onClose}>${open ? children : null}</dialog>`
}

// The open chat's private notes: for the team only (the customer never gets them), shown apart
// from the conversation, with a box to add one; a long history a page at a time (onOlder).
function TeamNotes({ notes, onOlder, onAdd }) {
  const { problem, attempt } = useAttempt()
  const box = useRef(null)
  const add = async (event) => {
    event.preventDefault()
    if (!box.current.value.trim()) return
    if (await attempt(() => onAdd(box.current.value))) box.current.value = ''
  }
  return html`
    <details class="team-notes">
      <summary>Notes for the team${notes.length ? ` (${notes.length}${onOlder ? '+' : ''})` : ''}</summary>
      ${onOlder && html`<button type="button" class="quiet" onClick=${onOlder}>Show older notes</button>`}
      <ul aria-label="Notes for the team">
        ${notes.map((note) => html`
          <li key=${note.id} class="note"><strong>${note.author_name}</strong>: <span dir="auto">${note.body}</span></li>`)}
      </ul>
      <form onSubmit=${add}>
        <label for="note" class="visually-hidden">A note for the team (the customer never sees it)</label>
        <textarea id="note" ref=${box} rows="2" maxlength="4000" placeholder="A note for the team; the customer never sees it"></textarea>
        <${Problem} text=${problem} />
        <div class="actions"><button type="submit">Add note</button></div>
      </form>
    </details>`
}

// Asks before something the admin cannot take back alone; onConfirm runs on the confirm button.
function ConfirmDialog({ open, onClose, title, confirmLabel, danger = false, onConfirm, children }) {
  const confirm = () => {
    onClose()
    onConfirm()
  }
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="confirm-title">
      <h2 id="confirm-title">${title}</h2>
      <p>${children}</p>
      <div class="actions">
        <button type="button" onClick=${onClose}>Cancel</button>
        <button type="button" class=${danger ? 'danger' : 'primary'} onClick=${confirm}>${confirmLabel}</button>
      </div>
    <//>`
}

function NewChatDialog({ dashboard, open, onClose }) {
  const { problem, attempt, clear } = useAttempt()
  const name = useRef(null)
  const email = useRef(null)
  // In the same task as the dialog opens: a deferred focus could land after the user has
  // already typed on and tabbed to the next field, and pull the cursor back.
  useLayoutEffect(() => { if (open) { clear(); name.current?.focus() } }, [open])
  const submit = async (event) => {
    event.preventDefault()
    if (await attempt(() => dashboard.createChat(name.current.value.trim(), email.current.value.trim()))) onClose()
  }
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="new-chat-title">
      <form onSubmit=${submit}>
        <h2 id="new-chat-title">New chat</h2>
        <label for="customer-name">Customer name</label>
        <input id="customer-name" ref=${name} maxlength="200" autocomplete="off" />
        <label for="customer-email">Customer email</label>
        <input id="customer-email" ref=${email} type="email" maxlength="254" autocomplete="off" />
        <${Problem} text=${problem} />
        <div class="actions">
          <button type="button" onClick=${onClose}>Cancel</button>
          <button type="submit" class="primary">Create chat</button>
        </div>
      </form>
    <//>`
}

// The team's saved replies: each with Edit and Delete, and a form for a new or changed one.
function SavedRepliesDialog({ dashboard, open, onClose }) {
  const [editing, setEditing] = useState(null) // the reply being changed, or null for a new one
  const { problem, attempt, clear } = useAttempt()
  const title = useRef(null)
  const body = useRef(null)
  useEffect(() => { if (open) { setEditing(null); clear() } }, [open])
  const startEditing = (reply) => {
    setEditing(reply)
    clear()
    title.current.value = reply?.title ?? ''
    body.current.value = reply?.body ?? ''
    title.current.focus()
  }
  const save = async (event) => {
    event.preventDefault()
    const reply = { ...(editing ? { id: editing.id } : {}), title: title.current.value, body: body.current.value }
    if (await attempt(() => dashboard.saveReply(reply))) startEditing(null)
  }
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="replies-title">
      <h2 id="replies-title">Saved replies</h2>
      <p class="muted">Type / in a reply box to use one.</p>
      <ul class="saved-replies">
        ${dashboard.savedReplies.value.map((reply) => html`
          <li key=${reply.id}>
            <span class="grow"><strong>${reply.title}</strong> <span class="muted">${reply.body}</span></span>
            <button type="button" aria-label=${`Edit ${reply.title}`} onClick=${() => startEditing(reply)}>Edit</button>
            <button type="button" class="danger" aria-label=${`Delete ${reply.title}`}
              onClick=${() => attempt(() => dashboard.deleteReply(reply.id))}>Delete</button>
          </li>`)}
      </ul>
      <form onSubmit=${save}>
        <label for="reply-title">${editing ? `Change "${editing.title}"` : 'New saved reply'}: title</label>
        <input id="reply-title" ref=${title} maxlength="100" autocomplete="off" />
        <label for="reply-body">Text</label>
        <textarea id="reply-body" ref=${body} rows="3" maxlength="4000"></textarea>
        <${Problem} text=${problem} />
        <div class="actions">
          ${editing ? html`<button type="button" onClick=${() => startEditing(null)}>Cancel change</button>` : null}
          <button type="button" onClick=${onClose}>Done</button>
          <button type="submit" class="primary">Save reply</button>
        </div>
      </form>
    <//>`
}

const EMAIL_CHOICES = [
  ['all', 'Every unread chat for me', 'Chats assigned to me, and unassigned ones'],
  ['assigned', 'Only my chats', 'Chats assigned to me'],
  ['off', 'None', 'No emails'],
]

// The signed-in admin's notifications away from the dashboard: which chats it is emailed
// about when a customer's message stays unread.
function NotificationsDialog({ dashboard, open, onClose }) {
  const { problem, done, attempt, clear } = useAttempt()
  useEffect(() => { if (open) clear() }, [open])
  const current = dashboard.profile.value?.email_notifications
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      <fieldset>
        <legend>Email me when a customer's message stays unread</legend>
        ${EMAIL_CHOICES.map(([value, label, hint]) => html`
          <label class="choice" key=${value}>
            <input type="radio" name="email-notifications" value=${value} checked=${current === value}
              onChange=${() => attempt(() => dashboard.setEmailNotifications(value), 'Saved.')} />
            ${label} <span class="muted">${hint}</span>
          </label>`)}
      </fieldset>
      <${Problem} text=${problem} />
      ${done ? html`<p class="muted" role="status">${done}</p>` : null}
      <${PushSetting} push=${dashboard.push}
        label="Push notifications on this device, when the dashboard is closed" />
      <div class="actions"><button type="button" onClick=${onClose}>Done</button></div>
    <//>`
}

// Every chat created between two days, with its messages, for backups and analytics.
function ExportDialog({ dashboard, open, onClose, place = globalThis.location }) {
  const { problem, attempt, clear } = useAttempt()
  const today = new Date().toISOString().slice(0, 10)
  const [from, setFrom] = useState(today)
  const [to, setTo] = useState(today)
  const [format, setFormat] = useState('csv')
  useEffect(() => { if (open) clear() }, [open])
  const download = (event) => {
    event.preventDefault()
    // whole days, the end day included
    const end = new Date(`${to}T00:00:00Z`)
    end.setUTCDate(end.getUTCDate() + 1)
    attempt(async () => place.assign((await dashboard.api.exportChats(`${from}T00:00:00Z`, end.toISOString(), format)).url))
  }
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="export-title">
      <h2 id="export-title">Export chats</h2>
      <form onSubmit=${download}>
        <p class="muted">Every chat created in these days (UTC), with its messages.</p>
        <label for="export-from">From</label>
        <input id="export-from" type="date" required value=${from} onInput=${(event) => setFrom(event.currentTarget.value)} />
        <label for="export-to">To (included)</label>
        <input id="export-to" type="date" required value=${to} onInput=${(event) => setTo(event.currentTarget.value)} />
        <label for="export-format">Format</label>
        <select id="export-format" value=${format} onChange=${(event) => setFormat(event.currentTarget.value)}>
          <option value="csv">CSV (a row per message)</option>
          <option value="ndjson">NDJSON (a line per chat and per message)</option>
        </select>
        <${Problem} text=${problem} />
        <div class="actions">
          <button type="button" onClick=${onClose}>Done</button>
          <button type="submit" class="primary">Download</button>
        </div>
      </form>
    <//>`
}

// An owner's data requests: everything about one customer email exported, or erased for good
// (typing the address again to confirm, since nothing brings it back).
function CustomerDataDialog({ dashboard, open, onClose, place = globalThis.location }) {
  const { problem, done, attempt, clear } = useAttempt()
  const [email, setEmail] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [typedAgain, setTypedAgain] = useState('')
  useEffect(() => { if (open) { clear(); setEmail(''); setConfirming(false) } }, [open])
  const exportData = () => attempt(async () => place.assign((await dashboard.api.exportCustomer(email)).url), 'Export ready.')
  const erase = () => attempt(() => dashboard.eraseCustomer(email), (erased) => (
    `Erased ${erased.chats} chats, ${erased.messages} messages, ${erased.notes} notes and ${erased.objects} files.`))
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="customer-data-title">
      <h2 id="customer-data-title">Customer data</h2>
      <p class="muted">Everything stored about one customer email, across all of its chats.</p>
      <label for="customer-data-email">Customer email</label>
      <input id="customer-data-email" type="email" autocomplete="off" value=${email}
        onInput=${(event) => { setEmail(event.currentTarget.value); setConfirming(false) }} />
      ${confirming ? html`
        <p class="notice error">Erasing deletes every chat, message, note and file of ${email}. It cannot be undone.</p>
        <label for="customer-data-again">Type the email again to erase</label>
        <input id="customer-data-again" type="email" autocomplete="off" value=${typedAgain}
          onInput=${(event) => setTypedAgain(event.currentTarget.value)} />` : null}
      <${Problem} text=${problem} />
      ${done ? html`<p role="status">${done}</p>` : null}
      <div class="actions">
        <button type="button" onClick=${onClose}>Done</button>
        <button type="button" disabled=${!email} onClick=${exportData}>Export</button>
        ${confirming
          ? html`<button type="button" class="danger" disabled=${typedAgain.toLowerCase() !== email.toLowerCase()}
              onClick=${async () => { if (await erase()) setConfirming(false) }}>Erase for good</button>`
          : html`<button type="button" class="danger" disabled=${!email}
              onClick=${() => { setTypedAgain(''); setConfirming(true) }}>Erase…</button>`}
      </div>
    <//>`
}

const STATUS_WORDS = {
  invited: 'Invited, has not joined yet',
  deactivated: 'Deactivated',
  not_sent: 'Invitation not sent',
}

// One member of the team, for an owner: its role to change, and what can be done with it.
function MemberRow({ dashboard, member, isMe, attempt, onRename, onDeactivate }) {
  const change = (fields) => attempt(() => dashboard.updateMember({ user_id: member.user_id, ...fields }))
  const status = member.status === 'active' ? (member.online ? 'Online now' : 'Active') : STATUS_WORDS[member.status]
  const name = member.display_name
  return html`
    <li class=${member.status === 'deactivated' ? 'muted' : ''}>
      <span class="grow">
        <strong>${name}</strong>${isMe ? ' (you)' : ''} <span class="muted">${member.email}</span>
        <br /><span class="muted">${status}</span>
      </span>
      ${member.user_id ? html`
        <label for=${`role-${member.user_id}`} class="visually-hidden">Role of ${name}</label>
        <select id=${`role-${member.user_id}`} value=${member.role} disabled=${member.status === 'deactivated'}
          onChange=${(event) => change({ role: event.currentTarget.value })}>
          <option value="agent">Agent</option>
          <option value="owner">Owner</option>
        </select>
        <button type="button" aria-label=${`Rename ${name}`} onClick=${() => onRename(member)}>Rename</button>` : null}
      ${member.status === 'invited' || member.status === 'not_sent' ? html`
        <button type="button" aria-label=${`Send again to ${name}`}
          onClick=${() => attempt(() => dashboard.invite({ email: member.email, display_name: name, role: member.role }),
            `Invitation sent to ${member.email} again.`)}>Send again</button>` : null}
      ${member.status === 'deactivated' ? html`
        <button type="button" aria-label=${`Reactivate ${name}`} onClick=${() => change({ active: true })}>Reactivate</button>`
        : member.user_id && !isMe ? html`
        <button type="button" class="danger" aria-label=${`Deactivate ${name}`}
          onClick=${() => onDeactivate(member)}>Deactivate</button>` : null}
    </li>`
}

// The team, for an owner: every member with role and status; invite, rename, change roles,
// deactivate and reactivate. What happened, or why not, shows in plain words.
function TeamDialog({ dashboard, open, onClose }) {
  const { problem, done, attempt } = useAttempt()
  const [renaming, setRenaming] = useState(null)
  const [deactivating, setDeactivating] = useState(null)
  const email = useRef(null)
  const name = useRef(null)
  const role = useRef(null)
  const newName = useRef(null)
  useEffect(() => {
    if (!open) return
    setRenaming(null)
    attempt(() => dashboard.loadTeam())
  }, [open])
  useLayoutEffect(() => { if (renaming) { newName.current.value = renaming.display_name; newName.current.focus() } }, [renaming])
  const invite = async (event) => {
    event.preventDefault()
    const invitation = { email: email.current.value.trim(), display_name: name.current.value.trim(), role: role.current.value }
    const sent = await attempt(() => dashboard.invite(invitation), ({ email_sent: emailed }) => (emailed
      ? `Invitation sent to ${invitation.email}.` : `${invitation.email} already had an account: they are on the team now.`))
    if (!sent) return
    email.current.value = ''
    name.current.value = ''
  }
  const rename = async (event) => {
    event.preventDefault()
    const member = renaming
    if (await attempt(() => dashboard.updateMember({ user_id: member.user_id, display_name: newName.current.value.trim() }),
      `Renamed to ${newName.current.value.trim()}.`)) setRenaming(null)
  }
  return html`
    <${Dialog} open=${open} onClose=${onClose} labelledBy="team-title">
      <h2 id="team-title">Team</h2>
      <p class="muted">Owners manage the team; agents handle chats. Deactivating someone ends their access at once
        and leaves their open chats to nobody.</p>
      <ul class="team" aria-label="Team members">
        ${dashboard.team.value.map((member) => html`<${MemberRow} key=${member.user_id ?? member.email}
          dashboard=${dashboard} member=${member} isMe=${member.user_id === dashboard.me} attempt=${attempt}
          onRename=${setRenaming} onDeactivate=${setDeactivating} />`)}
      </ul>
      ${renaming ? html`
        <form onSubmit=${rename}>
          <label for="new-name">New name for ${renaming.display_name} (customers see it)</label>
          <input id="new-name" ref=${newName} maxlength="100" autocomplete="off" required />
          <div class="actions">
            <button type="button" onClick=${() => setRenaming(null)}>Cancel</button>
            <button type="submit" class="primary">Save name</button>
          </div>
        </form>` : null}
      <form onSubmit=${invite}>
        <h3>Invite someone</h3>
        <label for="invite-email">Email</label>
        <input id="invite-email" ref=${email} type="email" maxlength="254" autocomplete="off" required />
        <label for="invite-name">Name (customers see it)</label>
        <input id="invite-name" ref=${name} maxlength="100" autocomplete="off" required />
        <label for="invite-role">Role</label>
        <select id="invite-role" ref=${role}>
          <option value="agent">Agent: handles chats</option>
          <option value="owner">Owner: also manages the team</option>
        </select>
        <${Problem} text=${problem} />
        <p class="muted" role="status" aria-live="polite">${done}</p>
        <div class="actions">
          <button type="button" onClick=${onClose}>Done</button>
          <button type="submit" class="primary">Send invitation</button>
        </div>
      </form>
      <${ConfirmDialog} open=${Boolean(deactivating)} onClose=${() => setDeactivating(null)}
        title=${`Deactivate ${deactivating?.display_name ?? ''}?`} confirmLabel="Deactivate" danger
        onConfirm=${() => attempt(() => dashboard.updateMember({ user_id: deactivating.user_id, active: false }),
          `${deactivating.display_name} is deactivated.`)}>
        They can no longer use the dashboard, from their next click on, and their open chats go back to nobody.
        You can reactivate them later.
      <//>
    <//>`
}

function LinkDialog({ dashboard }) {
  const shown = dashboard.link.value
  const [copied, setCopied] = useState('')
  const input = useRef(null)
  useEffect(() => { if (shown) { setCopied(''); input.current.select() } }, [shown])
  const close = () => { dashboard.link.value = null }
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shown.link)
      setCopied('Copied.')
    } catch {
      input.current.select()
      setCopied('Press Ctrl+C to copy.')
    }
  }
  return html`
    <${Dialog} open=${Boolean(shown)} onClose=${close} labelledBy="link-title">
      <h2 id="link-title">Share this link with the customer</h2>
      <p class="muted">It works until ${shown && new Date(shown.link_expires_at).toLocaleDateString()}. "Show link"
        shows it again any time; "New link" replaces it.</p>
      <div class="link-box">
        <label for="link" class="visually-hidden">Customer link</label>
        <input id="link" ref=${input} readonly value=${shown?.link ?? ''} />
        <button type="button" aria-label="Copy link" onClick=${copy}>Copy</button>
      </div>
      <p class="muted" role="status" aria-live="polite">${copied}</p>
      <div class="actions"><button type="button" class="primary" onClick=${close}>Done</button></div>
    <//>`
}

function Dashboard({ dashboard, api }) {
  const [creating, setCreating] = useState(false)
  const [managing, setManaging] = useState(false)
  const [managingTeam, setManagingTeam] = useState(false)
  const [managingNotifications, setManagingNotifications] = useState(false)
  const [managingData, setManagingData] = useState(false)
  const [exporting, setExporting] = useState(false)
  useEffect(() => dashboard.goLive(), [])
  // Signed in: focus goes to the chat list's heading (a chat the address opens takes it instead).
  useLayoutEffect(() => { if (!dashboard.currentId.value) document.getElementById('chats-title')?.focus() }, [])
  const current = dashboard.current.value
  return html`
    <div class=${`dashboard${current ? ' viewing' : ''}`}>
      <${Sidebar} dashboard=${dashboard} onNewChat=${() => setCreating(true)} onManageReplies=${() => setManaging(true)}
        onManageTeam=${() => setManagingTeam(true)} onManageNotifications=${() => setManagingNotifications(true)}
        onManageData=${() => setManagingData(true)} onExport=${() => setExporting(true)} />
      <main class="main">
        ${current ? html`<${ChatView} key=${current.id} dashboard=${dashboard} session=${current} api=${api} />`
          : html`<p class="placeholder">Pick a chat on the left, or start a new one.</p>`}
      </main>
    </div>
    <${NewChatDialog} dashboard=${dashboard} open=${creating} onClose=${() => setCreating(false)} />
    <${SavedRepliesDialog} dashboard=${dashboard} open=${managing} onClose=${() => setManaging(false)} />
    <${TeamDialog} dashboard=${dashboard} open=${managingTeam} onClose=${() => setManagingTeam(false)} />
    <${CustomerDataDialog} dashboard=${dashboard} open=${managingData} onClose=${() => setManagingData(false)} />
    <${ExportDialog} dashboard=${dashboard} open=${exporting} onClose=${() => setExporting(false)} />
    <${NotificationsDialog} dashboard=${dashboard} open=${managingNotifications}
      onClose=${() => setManagingNotifications(false)} />
    <${LinkDialog} dashboard=${dashboard} />`
}

export function AdminApp({ dashboard }) {
  const auth = dashboard.auth.value
  if (auth === 'signed-out') return html`<${SignIn} dashboard=${dashboard} />`
  if (auth === 'choosing-password') return html`<${ChoosePassword} dashboard=${dashboard} />`
  if (auth === 'signed-in') return html`<${Dashboard} dashboard=${dashboard} api=${dashboard.api} />`
  return html`<main><p class="placeholder" role="status">Loading…</p></main>`
}

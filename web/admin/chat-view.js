// The open chat: its conversation, reply box, notes for the team, and what an admin can do to
// it. Keyed by the chat's id, so opening another unmounts it with everything it listened to.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks'
import { TranscriptMenu } from '../shared/transcript.js'
import { Composer } from '../shared/composer.js'
import { Conversation } from '../shared/conversation.js'
import { createConversation } from '../shared/conversation-store.js'
import { conversationOutbox, keepSending } from '../shared/outbox.js'
import { useUploadRules } from '../shared/uploads.js'
import { html } from '../shared/html.js'
import { Menu } from '../shared/menu.js'
import { ConnectionStatus } from '../shared/status.js'
import { customerName } from './sessions.js'
import { lastSeen } from './times.js'
import { ConfirmDialog, Problem, useAttempt } from './ui.js'

const isTeams = (message) => message.sender_type === 'admin'
const WIDE = '(min-width: 701px)' // beside the list; narrower, one pane at a time (styles.css)
const ROOMY = '(min-width: 1200px)' // the chat's actions in a row beside the list; narrower, a menu

// Whether the screen matches a media query, followed as it changes (a window resized, turned).
function useMedia(query) {
  const [matches, setMatches] = useState(() => matchMedia(query).matches)
  useEffect(() => {
    const media = matchMedia(query)
    const follow = () => setMatches(media.matches)
    media.addEventListener('change', follow)
    return () => media.removeEventListener('change', follow)
  }, [query])
  return matches
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

export function ChatView({ dashboard, session, api }) {
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
  const roomy = useMedia(ROOMY)
  const wide = useMedia(WIDE)
  const uploadRules = useUploadRules(api)
  const closed = session.status === 'closed'
  const name = customerName(session)
  const actions = html`
    <${TranscriptMenu} api=${api} chatId=${session.id} />
    ${closed ? html`<button type="button" onClick=${() => dashboard.reopenChat()}>Reopen chat</button>` : html`
      <button type="button" onClick=${() => dashboard.showLink()}>Show link</button>
      <button type="button" onClick=${() => setConfirming('new-link')}>New link</button>
      <button class="danger" type="button" onClick=${() => setConfirming('close')}>Close chat</button>`}`
  return html`
    <section class="conversation" aria-labelledby="chat-title">
      <header>
        <div class="heading">
          <div class="title-line">
            <button class="back-button" type="button" aria-label="Back to chats" onClick=${() => dashboard.closeView()}>←</button>
            <h1 id="chat-title" tabindex="-1">${name}</h1>
            <span class=${`status-pill ${session.status}`}>${session.status}</span>
            ${wide ? null : html`<${ConnectionStatus} id="chat-live" status=${dashboard.live.value} />`}
          </div>
          <p class="muted subtitle">
            <span id="customer-presence">${dashboard.isOnline(session) ? 'Online now'
              : session.customer_seen_at ? lastSeen(session.customer_seen_at) : 'Has not opened the link yet'}</span>
            ${session.customer_email && session.customer_name ? ` · ${session.customer_email}` : null}
            ${session.identity_sub ? html` · <span class="verified" title=${`Signed in on the website as ${session.identity_sub}`}>Verified</span>` : null}
            ${session.site_id ? html` · <span class="from-site">From ${dashboard.siteName(session.site_id) ?? 'a website'}${
              session.context?.page_url ? html`, <span class="page-url" title=${session.context.page_url}>${session.context.page_url}</span>` : null}</span>` : null}
            ${colleagues.length ? html` · <span id="colleagues">Also here: ${colleagues.join(', ')}</span>` : null}
          </p>
        </div>
        <div class="toolbar">
          <label for="assignee" class="visually-hidden">Handled by</label>
          <select id="assignee" value=${session.assignee_id ?? ''}
            onChange=${(event) => dashboard.assignTo(event.currentTarget.value || null)}>
            <option value="">Unassigned</option>
            ${dashboard.admins.value.map((admin) => html`
              <option value=${admin.user_id}>${admin.user_id === dashboard.me ? `Me (${admin.display_name})` : admin.display_name}</option>`)}
          </select>
          ${roomy ? actions : html`<${Menu} className="chat-actions" label="Actions" group="What to do with this chat">${actions}<//>`}
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
      <${Problem} text=${dashboard.error.value} />
      <${Conversation} conversation=${conversation} outbox=${outbox}
        isMine=${(message) => message.sender_id === dashboard.profile.value?.user_id} isOurs=${isTeams}
        nameOf=${(message) => (message.sender_type === 'customer' ? name : message.sender_name || 'Support')} />
      <${TeamNotes} notes=${notes.list} onOlder=${notes.loadOlder} onAdd=${(body) => dashboard.addNote(session.id, body)} />
      ${customerTyping ? html`<p class="typing" role="status">${name} is typing…</p>` : null}
      ${colleagueTyping ? html`<p class="typing" role="status">${colleagueTyping} (support) is typing a reply…</p>` : null}
      <${Composer} label="Your reply" sendLabel="Send reply" disabled=${closed}
        placeholder=${closed ? 'This chat is closed. Reopen it to reply.' : 'Write a reply…'}
        onSend=${(content, files) => { typing.current?.sent(); return outbox.add(content, files) }}
        onType=${(text) => typing.current?.typed(text)}
        savedReplies=${dashboard.savedReplies.value} uploadRules=${uploadRules} />
    </section>`
}

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

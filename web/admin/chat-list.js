// The list of chats beside the open one: filters, search, a row per chat.
import { AlertSettings } from '../shared/alert-settings.js'
import { html } from '../shared/html.js'
import { ConnectionStatus } from '../shared/status.js'
import { customerName, snippetParts, visibleSessions } from './sessions.js'
import { Activity, lastSeen } from './times.js'

const FILTERS = [['open', 'Open'], ['closed', 'Closed'], ['', 'All']]
const ASSIGNEE_FILTERS = [['me', 'Mine'], ['none', 'Unassigned'], ['', 'Everyone']]

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

export function Sidebar({ dashboard, onNewChat, onManageReplies, onManageTeam, onManageNotifications, onManageData, onExport }) {
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

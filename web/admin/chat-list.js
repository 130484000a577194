// The list of chats beside the open one: filters, search, a row per chat.
import { html } from '../shared/html.js'
import { Menu } from '../shared/menu.js'
import { ConnectionStatus } from '../shared/status.js'
import { customerName, isWaiting, snippetParts, visibleSessions } from './sessions.js'
import { Activity, lastSeen, waitedSince } from './times.js'

const FILTERS = [['open', 'Open chats'], ['closed', 'Closed chats'], ['', 'All chats']]
const ASSIGNEE_FILTERS = [['', "Everyone's"], ['me', 'Mine'], ['none', 'Unassigned']]

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
          ${isWaiting(session) ? html`<span class="waiting-pill" title=${`Waiting since ${waitedSince(session.waiting_since)}`}>waiting</span>` : null}
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

// Arrow keys move between the chats, Home and End to the first and the last.
function moveInList(event) {
  const rows = [...event.currentTarget.querySelectorAll('li > button')]
  const at = rows.indexOf(document.activeElement)
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 }[event.key]
  if (at < 0 || to === undefined) return
  event.preventDefault()
  rows[Math.max(0, Math.min(rows.length - 1, to))].focus()
}

// What an empty list says: nothing yet, still searching, or nothing found.
function emptyListText(dashboard) {
  const q = dashboard.search.value.trim()
  if (!q) return 'No chats here yet.'
  return q.length >= 2 && dashboard.searchHits.value === null ? 'Searching…' : 'No chats match.'
}

export function Sidebar({
  dashboard, onNewChat, onManageReplies, onManageTeam, onManageNotifications, onManageData, onExport, onManageSites,
}) {
  const shown = visibleSessions(dashboard.sessions.value, {
    status: dashboard.status.value, search: dashboard.search.value, hits: dashboard.searchHits.value,
    assignee: dashboard.assignee.value, me: dashboard.me, site: dashboard.site.value,
  })
  const currentId = dashboard.currentId.value
  const searching = dashboard.search.value.trim() !== ''
  const waiting = Math.max(shown.filter(isWaiting).length, dashboard.waitingBeyond.value)
  return html`
    <nav class="sidebar" aria-label="Chats">
      <header>
        <div class="topline">
          <span class="heading">
            <h1 id="chats-title" tabindex="-1">Chats</h1>
            ${waiting ? html`<span id="waiting-count" class="waiting-pill">${waiting} waiting</span>` : null}
            <${ConnectionStatus} status=${dashboard.live.value} />
          </span>
          <div>
            <button id="new-chat" class="primary" type="button" onClick=${onNewChat}>New chat</button>
            <${Menu} label="Menu" group="Settings and account">
              <button type="button" onClick=${onManageNotifications}>Notifications</button>
              <button type="button" onClick=${onManageReplies}>Saved replies</button>
              <button type="button" onClick=${onExport}>Export chats</button>
              ${dashboard.isOwner.value ? html`<button type="button" onClick=${onManageTeam}>Team</button>
                <button type="button" onClick=${onManageSites}>Websites</button>
                <button type="button" onClick=${onManageData}>Customer data</button>` : null}
              <button type="button" onClick=${() => dashboard.signOut()}>Sign out</button>
              <button type="button" onClick=${() => dashboard.signOut({ everywhere: true })}>Sign out on all devices</button>
            <//>
          </div>
        </div>
        <div class="filters">
          <label for="status-filter" class="visually-hidden">Show</label>
          <select id="status-filter" value=${dashboard.status.value} onChange=${(event) => dashboard.setFilter(event.currentTarget.value)}>
            ${FILTERS.map(([value, label]) => html`<option value=${value}>${label}</option>`)}
          </select>
          <label for="assignee-filter" class="visually-hidden">Whose</label>
          <select id="assignee-filter" value=${dashboard.assignee.value}
            onChange=${(event) => dashboard.setAssigneeFilter(event.currentTarget.value)}>
            ${ASSIGNEE_FILTERS.map(([value, label]) => html`<option value=${value}>${label}</option>`)}
          </select>
          ${dashboard.sites.value.length ? html`
            <label for="site-filter" class="visually-hidden">From</label>
            <select id="site-filter" value=${dashboard.site.value} onChange=${(event) => dashboard.setSiteFilter(event.currentTarget.value)}>
              <option value="">Every website and link</option>
              ${dashboard.sites.value.map((known) => html`<option value=${known.id}>${known.name}</option>`)}
            </select>` : null}
        </div>
        <label for="search" class="visually-hidden">Search names, emails and messages</label>
        <input id="search" type="search" placeholder="Search names, emails, messages" autocomplete="off"
          value=${dashboard.search.value} onInput=${(event) => dashboard.setSearch(event.currentTarget.value)} />
      </header>
      <ul class="sessions" aria-label="Chats" onKeyDown=${moveInList}>
        ${shown.map((session) => html`<${ChatRow} key=${session.id} dashboard=${dashboard} session=${session}
          open=${session.id === currentId} match=${searching ? dashboard.searchHits.value?.get(session.id) : null} />`)}
      </ul>
      ${shown.length ? null : html`<p class="placeholder" role="status">${emptyListText(dashboard)}</p>`}
      ${dashboard.nextCursor.value ? html`
        <button type="button" onClick=${() => dashboard.loadSessions({ more: true })}>Load more</button>` : null}
    </nav>`
}

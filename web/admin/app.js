// The dashboard: signing in, then the chat list beside the open chat (one main landmark: on a
// phone either may be alone on screen), and its dialogs (each
// component in its own file: chat-list.js, chat-view.js, dialogs/, sign-in.js; parts in ui.js).
import { useEffect, useLayoutEffect, useState } from 'preact/hooks'
import { html } from '../shared/html.js'
import { Sidebar } from './chat-list.js'
import { ChatView } from './chat-view.js'
import { CustomerDataDialog } from './dialogs/customer-data.js'
import { ExportDialog } from './dialogs/export.js'
import { LinkDialog } from './dialogs/link.js'
import { NewChatDialog } from './dialogs/new-chat.js'
import { NotificationsDialog } from './dialogs/notifications.js'
import { SavedRepliesDialog } from './dialogs/saved-replies.js'
import { SitesDialog } from './dialogs/sites.js'
import { TeamDialog } from './dialogs/team.js'
import { ChoosePassword, SignIn } from './sign-in.js'

function Dashboard({ dashboard, api }) {
  const [creating, setCreating] = useState(false)
  const [managing, setManaging] = useState(false)
  const [managingTeam, setManagingTeam] = useState(false)
  const [managingNotifications, setManagingNotifications] = useState(false)
  const [managingData, setManagingData] = useState(false)
  const [exporting, setExporting] = useState(false)
  const [managingSites, setManagingSites] = useState(false)
  useEffect(() => dashboard.goLive(), [])
  // Signed in: focus goes to the chat list's heading (a chat the address opens takes it instead).
  useLayoutEffect(() => { if (!dashboard.currentId.value) document.getElementById('chats-title')?.focus() }, [])
  const current = dashboard.current.value
  return html`
    <main class=${`dashboard${current ? ' viewing' : ''}`}>
      <${Sidebar} dashboard=${dashboard} onNewChat=${() => setCreating(true)} onManageReplies=${() => setManaging(true)}
        onManageTeam=${() => setManagingTeam(true)} onManageNotifications=${() => setManagingNotifications(true)}
        onManageData=${() => setManagingData(true)} onExport=${() => setExporting(true)}
        onManageSites=${() => setManagingSites(true)} />
      <div class="main">
        ${current ? html`<${ChatView} key=${current.id} dashboard=${dashboard} session=${current} api=${api} />`
          : html`<p class="placeholder">Pick a chat on the left, or start a new one.</p>`}
      </div>
    </main>
    <${NewChatDialog} dashboard=${dashboard} open=${creating} onClose=${() => setCreating(false)} />
    <${SavedRepliesDialog} dashboard=${dashboard} open=${managing} onClose=${() => setManaging(false)} />
    <${TeamDialog} dashboard=${dashboard} open=${managingTeam} onClose=${() => setManagingTeam(false)} />
    <${CustomerDataDialog} dashboard=${dashboard} open=${managingData} onClose=${() => setManagingData(false)} />
    <${ExportDialog} dashboard=${dashboard} open=${exporting} onClose=${() => setExporting(false)} />
    <${SitesDialog} dashboard=${dashboard} open=${managingSites} onClose=${() => setManagingSites(false)} />
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

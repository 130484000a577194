// The customer page's components.
import { useEffect } from 'preact/hooks'
import { AlertSettings } from '../shared/alert-settings.js'
import { Menu } from '../shared/menu.js'
import { TranscriptMenu } from '../shared/transcript.js'
import { Composer } from '../shared/composer.js'
import { Conversation } from '../shared/conversation.js'
import { keepSending } from '../shared/outbox.js'
import { useUploadRules } from '../shared/uploads.js'
import { html } from '../shared/html.js'
import { ConnectionStatus } from '../shared/status.js'

// Whether anyone from support is online now, and what happens to a message if not.
function SupportPresence({ online, email }) {
  if (online === null) return null
  if (online.length) {
    return html`<p id="support-presence" class="presence-line"><span class="presence-dot online" aria-hidden="true"></span>
      ${online.length === 1 ? `${online[0]} from support is online` : 'Support is online'}</p>`
  }
  return html`<p id="support-presence" class="presence-line"><span class="presence-dot" aria-hidden="true"></span>
    ${email ? `Support is away. Leave a message and we'll reply by email to ${email}.`
      : "Support is away. Leave a message and we'll reply here."}</p>`
}

const isCustomers = (message) => message.sender_type === 'customer'

// afterClose: what a closed chat offers besides its words (the widget: a new chat).
export function ChatRoom({ page, afterClose = null }) {
  useEffect(() => {
    const stopRenewal = page.keepTokenFresh()
    const stopLive = page.goLive()
    const stopSending = keepSending(page.outbox, page.conversation)
    const stopReading = page.keepReading()
    const stopPresence = page.keepPresent()
    return () => { stopRenewal(); stopLive(); stopSending(); stopReading(); stopPresence() }
  }, [page])

  const uploadRules = useUploadRules(page.api)
  const session = page.session.value
  const closed = page.closed.value
  return html`
    <section class="conversation" aria-labelledby="title">
      <header>
        <div class="heading">
          <div class="title-line">
            <h1 id="title">${session.customer_name ? `Hi ${session.customer_name}, chat with support` : 'Chat with support'}</h1>
          </div>
          <${SupportPresence} online=${page.supportOnline.value} email=${session.customer_email} />
          ${session.assignee_name ? html`<p id="handled-by" class="presence-line">${session.assignee_name} is handling your chat.</p>` : null}
        </div>
        <div class="toolbar">
          <${Menu} className="notify-menu" label="Notifications" closeOnChoose=${false}>
            <${AlertSettings} sound=${page.sound} notify=${page.notify} />
          <//>
          <${TranscriptMenu} api=${page.api} chatId=${page.chatId} />
          <${ConnectionStatus} status=${page.live.value} />
        </div>
      </header>
      ${closed ? html`<p class="notice info" role="status">This chat has been closed. You can still read it.${' '}
        ${afterClose || page.closedLine || 'To talk to support again, ask them to reopen it or for a new chat.'}</p>` : null}
      <${Conversation} conversation=${page.conversation} outbox=${page.outbox}
        emptyText=${page.welcomeLine || "No messages yet. Write to us and we'll reply here."}
        isMine=${isCustomers} nameOf=${(message) => message.sender_name || 'Support'} />
      ${page.supportTyping.value ? html`<p class="typing" role="status">${page.supportTyping.value} is typing…</p>` : null}
      <${Composer} label="Your message" sendLabel="Send message"
        placeholder=${closed ? 'This chat is closed.' : 'Write a message…'}
        disabled=${closed} onSend=${page.send} onType=${page.typed} uploadRules=${uploadRules} />
    </section>`
}

export function CustomerApp({ page }) {
  const state = page.state.value
  if (state === 'problem') {
    return html`
      <section class="card centered">
        <h1>This chat link doesn't work</h1>
        <p>${page.problem.value}</p>
        <p class="muted">Ask whoever sent you the link for a new one.</p>
      </section>`
  }
  if (state === 'ready') return html`<${ChatRoom} page=${page} />`
  return html`<p class="placeholder" role="status">Opening your chat…</p>`
}

// The emails' unsubscribe view (email-settings.js holds its state).
const WORDS = {
  chat: {
    on: ['Stop emails about this chat?', 'We email you when support replies and you have not read it yet.', 'Stop these emails'],
    off: ['You will not get emails about this chat any more.', 'Replies still appear in the chat itself.', 'Email me again'],
  },
  account: {
    on: ['Stop emails about unread chats?', 'On the dashboard you can also choose emails about your own chats only.',
      'Stop these emails'],
    off: ['Emails about unread chats are off for your account.', 'Customers still reach the dashboard.', 'Turn them back on'],
  },
}

export function EmailSettingsApp({ page }) {
  const state = page.state.value
  if (state === 'loading') return html`<p class="placeholder" role="status">Opening…</p>`
  if (state === 'problem') {
    return html`<section class="card centered"><h1>This link doesn't work</h1><p>${page.problem.value}</p></section>`
  }
  const { scope, subscribed } = page.subscription.value
  const [title, line, button] = WORDS[scope][subscribed ? 'on' : 'off']
  return html`
    <section class="card centered" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">${title}</h1>
      <p>${line}</p>
      ${page.problem.value ? html`<p class="notice error" role="alert">${page.problem.value}</p>` : null}
      <button type="button" class=${subscribed ? 'danger' : ''} disabled=${page.busy.value}
        onClick=${() => page.change(!subscribed)}>${button}</button>
    </section>`
}

// The widget's components: the site's bar (its name, a close button), then the pre-chat form
// with the visitor's earlier chats, or the chat itself (the customer page's), or why not.
import { useEffect, useRef } from 'preact/hooks'
import { ChatRoom } from '../chat/app.js'
import { html } from '../shared/html.js'

const FIELD_LABELS = { name: 'Your name', email: 'Your email' }

function PrechatField({ kind, setting, problem }) {
  if (setting === 'hidden') return null
  const id = `prechat-${kind}`
  const at = problem?.field === `customer_${kind}`
  return html`
    <label for=${id}>${FIELD_LABELS[kind]}${setting === 'required' ? null : html` <span class="muted">(optional)</span>`}</label>
    <input id=${id} name=${kind} type=${kind === 'email' ? 'email' : 'text'} autocomplete=${kind}
      required=${setting === 'required'} maxlength=${kind === 'email' ? 254 : 200} aria-invalid=${at ? 'true' : null} />`
}

function EarlierChats({ widget }) {
  const earlier = widget.chats.value
  if (!earlier.length) return null
  const when = (iso) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })
  return html`
    <section class="earlier" aria-labelledby="earlier-title">
      <h2 id="earlier-title">Your earlier chats</h2>
      <ul>
        ${earlier.map((chat) => html`
          <li key=${chat.id}>
            <button type="button" class="link-button" onClick=${() => widget.reopen(chat.id)}>
              ${chat.last_message_preview || 'Chat'}
              <span class="muted"> · ${when(chat.created_at)}${chat.status === 'closed' ? ' · closed' : ''}</span>
            </button>
          </li>`)}
      </ul>
      <button type="button" class="link-button muted" onClick=${() => widget.forget()}>Forget my chats in this browser</button>
    </section>`
}

function Prechat({ widget }) {
  const site = widget.site.value
  const form = useRef(null)
  const problem = widget.formProblem.value
  const submit = (event) => {
    event.preventDefault()
    const data = new FormData(form.current)
    widget.start({ name: data.get('name') || '', email: data.get('email') || '', content: data.get('content') })
  }
  return html`
    <section class="prechat" aria-labelledby="prechat-title">
      <h1 id="prechat-title">Chat with ${site.name}</h1>
      <p class="welcome">${site.welcome_line || "Ask us anything: we'll reply here."}</p>
      <form ref=${form} onSubmit=${submit}>
        <${PrechatField} kind="name" setting=${site.name_field} problem=${problem} />
        <${PrechatField} kind="email" setting=${site.email_field} problem=${problem} />
        <label for="prechat-content">Your message</label>
        <textarea id="prechat-content" name="content" required maxlength="4000" rows="3"></textarea>
        ${problem ? html`<p class="notice error" role="alert">${problem.text}</p>` : null}
        <button type="submit" disabled=${widget.starting.value}>${widget.starting.value ? 'Starting…' : 'Start chat'}</button>
      </form>
      <${EarlierChats} widget=${widget} />
    </section>`
}

export function WidgetApp({ widget, onClose }) {
  const state = widget.state.value
  const page = widget.chat.value
  const body = useRef(null)
  // Opened: focus goes to the first thing to fill in (the form, or the reply box).
  useEffect(() => {
    const focusFirst = () => {
      if (widget.screen.shown) body.current?.querySelector('input, textarea:not([disabled])')?.focus()
    }
    focusFirst()
    widget.screen.addEventListener('visibilitychange', focusFirst)
    return () => widget.screen.removeEventListener('visibilitychange', focusFirst)
  }, [state, page])
  return html`
    <div class="widget-bar">
      <span class="widget-name">${widget.site.value?.name || 'Chat'}</span>
      ${state === 'chat' ? html`<button type="button" class="link-button" onClick=${() => widget.newChat()}>All chats</button>` : null}
      <button type="button" class="widget-close" aria-label="Close the chat window" onClick=${onClose}>×</button>
    </div>
    <div class="widget-body" ref=${body}>
      ${state === 'loading' ? html`<p class="placeholder" role="status">Opening the chat…</p>` : null}
      ${state === 'unavailable' ? html`<p class="notice info" role="status">${widget.problem.value}</p>` : null}
      ${state === 'prechat' ? html`<${Prechat} widget=${widget} />` : null}
      ${state === 'chat' && page ? html`<${ChatInWidget} key=${page.chatId} page=${page} widget=${widget} />` : null}
    </div>`
}

function ChatInWidget({ page, widget }) {
  const ready = page.state.value
  if (ready === 'problem') return html`<p class="notice info" role="status">${page.problem.value}</p>`
  if (ready !== 'ready') return html`<p class="placeholder" role="status">Opening the chat…</p>`
  return html`<${ChatRoom} page=${page}
    afterClose=${html`<button type="button" class="link-button" onClick=${() => widget.newChat()}>Start a new chat</button>`} />`
}

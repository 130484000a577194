// The alert settings both pages show: sound on or off, and notifications, asked for only when
// the user presses the button (never on load).
import { html } from './html.js'

export function AlertSettings({ sound, notifications }) {
  const permission = notifications.state.value
  return html`
    <span class="alert-settings">
      <button type="button" class="quiet" aria-pressed=${String(sound.on.value)} onClick=${() => sound.toggle()}
        title=${sound.on.value ? 'A sound plays when a message arrives' : 'No sound when a message arrives'}>
        ${sound.on.value ? 'Sound on' : 'Sound off'}</button>
      ${permission === 'default' ? html`
        <button type="button" class="quiet" onClick=${() => notifications.ask()}>Notify me</button>` : null}
      ${permission === 'denied' ? html`<span class="muted" title="Allow them in the browser's site settings">Notifications blocked</span>` : null}
    </span>`
}

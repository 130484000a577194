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

const PUSH_WORDS = {
  off: 'Off', on: 'On', busy: 'Working…', denied: 'Blocked: allow notifications in the browser\'s site settings',
}

// This browser's web push (push.js): turned on and off here, on the dashboard and the chat page.
export function PushSetting({ push, label }) {
  const state = push.state.value
  if (state === 'unsupported') return null
  return html`
    <p class="push-setting">
      <span id="push-label">${label}:</span> <strong role="status">${PUSH_WORDS[state]}</strong>
      ${state === 'off' || state === 'on' ? html`
        <button type="button" aria-describedby="push-label"
          onClick=${() => (state === 'on' ? push.disable() : push.enable())}>${state === 'on' ? 'Turn off' : 'Turn on'}</button>` : null}
      ${push.problem.value ? html`<span class="notice error" role="alert">${push.problem.value}</span>` : null}
    </p>`
}

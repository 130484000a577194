// Alerts, one place on each page: a sound when a message arrives, and notifications (alerts.js
// notifySetting), asked for only when the person ticks the box, never on load.
import { html } from './html.js'

const NOTIFY_PROBLEMS = {
  'not-closed': "They come while this page is open; this browser can't deliver them once it's closed.",
  'not-off': "They couldn't be turned off just now. Try again.",
}

export function AlertSettings({ sound, notify }) {
  const state = notify.state.value
  const problem = notify.problem.value
  return html`
    <div class="alert-settings">
      <label class="choice"><input type="checkbox" checked=${sound.on.value} onChange=${() => sound.toggle()} />
        <span>Play a sound when a message arrives</span></label>
      ${state === 'unsupported' ? null : html`
        <label class="choice"><input type="checkbox" checked=${state === 'on' || state === 'turning-on'}
          disabled=${state.startsWith('turning') || state === 'denied'}
          onChange=${() => (state === 'on' ? notify.turnOff() : notify.turnOn())} />
          <span>${notify.canPush ? 'Notify me of new messages, even when this page is closed'
            : 'Notify me of new messages while this page is in the background'}</span></label>`}
      ${state === 'denied' ? html`<p class="notice" role="alert">This browser blocks notifications from this site. To get
        them, allow notifications in the site's settings (the icon beside the address), then reload the page.</p>` : null}
      ${problem ? html`<p class="notice" role="alert">${NOTIFY_PROBLEMS[problem]}</p>` : null}
    </div>`
}

// Alerts when a message from someone else arrives and the page is not being looked at (its
// tab hidden, or, on the dashboard, another chat in view): the count in the tab title while
// hidden ("(2) Chat with support"), a short chime if sound is on, and a browser
// notification while hidden if the user allowed them. Never for one's own messages or the
// chat in view of a visible page. The page, the chime and Notification are injected.
import { computed, signal } from '@preact/signals-core'

// Sound on or off, remembered per browser (defaultOn: the dashboard's is on, the customer's off).
export function soundSetting(storage, key, defaultOn) {
  const stored = storage.getItem(key)
  const on = signal(stored === null ? defaultOn : stored === 'on')
  return {
    on,
    toggle() {
      on.value = !on.value
      storage.setItem(key, on.value ? 'on' : 'off')
    },
  }
}

// A short two-note chime through Web Audio (no file to fetch). Browsers start audio only after
// a user gesture on the page, so the context is made (or resumed) on the first click or key.
export function chime({ page = globalThis.document, AudioContextClass = globalThis.AudioContext } = {}) {
  let context = null
  const ready = () => {
    context ??= new AudioContextClass()
    if (context.state === 'suspended') context.resume().catch(() => {})
  }
  page.addEventListener('pointerdown', ready, { once: true })
  page.addEventListener('keydown', ready, { once: true })
  return {
    play() {
      if (!AudioContextClass) return
      ready()
      const start = context.currentTime
      for (const [offset, frequency] of [[0, 880], [0.12, 1320]]) {
        const tone = context.createOscillator()
        const volume = context.createGain()
        tone.frequency.value = frequency
        volume.gain.setValueAtTime(0.15, start + offset)
        volume.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.25)
        tone.connect(volume).connect(context.destination)
        tone.start(start + offset)
        tone.stop(start + offset + 0.25)
      }
    },
  }
}

// Notifications for new messages, one setting: on asks the browser (only from the person's own
// click), then, where the browser has web push (push.js), also subscribes, so they come while
// the page is closed too. Off stops both; the choice is remembered per browser.
// state: unsupported | off | turning-on | on | turning-off | denied (the browser refuses; only its site settings
// can change that). closedToo: whether they come while the page is closed as well. problem:
// 'not-closed' (this browser cannot push) or 'not-off' (pushes could not be stopped), else ''.
export function notifySetting({ storage, key, push, NotificationClass = globalThis.Notification }) {
  const permission = () => NotificationClass?.permission ?? 'unsupported'
  const initial = () => {
    if (permission() === 'unsupported' || permission() === 'denied') return permission()
    return permission() === 'granted' && storage.getItem(key) === 'on' ? 'on' : 'off' // chosen here, not elsewhere
  }
  const state = signal(initial())
  const problem = signal('')
  const withPush = () => push && push.state.value !== 'unsupported'
  return {
    state,
    closedToo: computed(() => state.value === 'on' && push?.state.value === 'on'),
    problem,
    canPush: withPush(),
    // Whether a message may show a notification now.
    allows: () => state.value === 'on' && permission() === 'granted',
    // How this browser stands on page load (a push subscription lives on across visits).
    async refresh() {
      if (withPush()) await push.refresh()
    },
    async turnOn() {
      if (state.value === 'unsupported') return
      state.value = 'turning-on'
      problem.value = ''
      const answer = await NotificationClass.requestPermission()
      if (answer !== 'granted') {
        state.value = answer === 'denied' ? 'denied' : 'off'
        return
      }
      storage.setItem(key, 'on')
      if (withPush() && !await push.enable()) problem.value = 'not-closed'
      state.value = 'on'
    },
    async turnOff() {
      state.value = 'turning-off'
      problem.value = ''
      if (withPush() && push.state.value === 'on' && !await push.disable()) {
        problem.value = 'not-off'
        state.value = 'on'
        return
      }
      storage.setItem(key, 'off')
      state.value = 'off'
    },
  }
}

// allowsNotification(): whether the person wants (and the browser lets) notifications now.
export function arrivalAlerts({
  page = globalThis.document, sound = { value: false }, play = () => {}, allowsNotification = () => false,
  NotificationClass = globalThis.Notification, focus = () => globalThis.focus(),
} = {}) {
  const base = page.title
  let unseen = 0
  const showTitle = () => { page.title = unseen ? `(${unseen}) ${base}` : base }
  const onVisibility = () => {
    if (page.visibilityState !== 'visible') return
    unseen = 0
    showTitle()
  }
  page.addEventListener('visibilitychange', onVisibility)
  return {
    // A message from someone else arrived. inView: its chat is the one on screen. title and
    // body for the notification; onOpen() when it is clicked (the page is focused first).
    arrived({ inView = true, title = base, body = '', tag, onOpen = () => {} } = {}) {
      const hidden = page.visibilityState !== 'visible'
      if (!hidden && inView) return
      if (sound.value) play()
      if (!hidden) return
      unseen += 1
      showTitle()
      if (!NotificationClass || !allowsNotification()) return
      const shown = new NotificationClass(title, { body, tag })
      shown.onclick = () => {
        focus()
        onOpen()
        shown.close()
      }
    },
    stop() {
      page.removeEventListener('visibilitychange', onVisibility)
      unseen = 0
      showTitle()
    },
  }
}

// Web push for this browser: on (permission asked, the service worker registered, subscribed
// with the deployment's VAPID key, the subscription given to the API) or off. The notifier
// then pushes what stays unread while no page is open (push-worker.js shows it).
import { signal } from '@preact/signals-core'

const WORKER = '/shared/push-worker.js'

// The VAPID public key (base64url) as PushManager.subscribe() takes it.
export function applicationServerKey(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4)
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
}

async function activated(registration) {
  const worker = registration.installing || registration.waiting || registration.active
  if (worker.state === 'activated') return registration
  await new Promise((resolve) => {
    worker.addEventListener('statechange', () => { if (worker.state === 'activated') resolve() })
  })
  return registration
}

export function webPush({
  api, vapidPublicKey, serviceWorker = globalThis.navigator?.serviceWorker,
  PushManagerClass = globalThis.PushManager, NotificationClass = globalThis.Notification,
}) {
  const supported = Boolean(vapidPublicKey && serviceWorker && PushManagerClass && NotificationClass)
  const state = signal(supported ? 'off' : 'unsupported') // unsupported | off | on | denied | busy

  const current = async () => (await serviceWorker.getRegistration(WORKER))?.pushManager.getSubscription()

  return {
    state,
    // How this browser stands now (on page load): on only with a live subscription.
    async refresh() {
      if (!supported) return
      if (NotificationClass.permission === 'denied') state.value = 'denied'
      else state.value = (await current()) ? 'on' : 'off'
    },
    // Answers whether pushes are on (the browser's push service may refuse: Chromium without
    // one says "Registration failed - permission denied").
    async enable() {
      if (!supported) return false
      state.value = 'busy'
      try {
        const permission = await NotificationClass.requestPermission()
        if (permission !== 'granted') {
          state.value = permission === 'denied' ? 'denied' : 'off'
          return false
        }
        const registration = await activated(await serviceWorker.register(WORKER))
        const subscription = (await registration.pushManager.getSubscription())
          || await registration.pushManager.subscribe({
            userVisibleOnly: true, applicationServerKey: applicationServerKey(vapidPublicKey),
          })
        await api.savePushSubscription(subscription.toJSON())
        state.value = 'on'
        return true
      } catch {
        state.value = 'off'
        return false
      }
    },
    // Answers whether pushes are off (the API or the push service may fail to hear it).
    async disable() {
      state.value = 'busy'
      try {
        const subscription = await current()
        if (subscription) {
          await api.deletePushSubscription(subscription.endpoint)
          await subscription.unsubscribe()
        }
        state.value = 'off'
        return true
      } catch {
        state.value = 'on'
        return false
      }
    },
  }
}

// Alerts when a message arrives (web/shared/alerts.js): title, sound, notification.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { arrivalAlerts, notifySetting, soundSetting } from '../../web/shared/alerts.js'

function fakePage() {
  const listeners = new Set()
  return {
    title: 'Chat with support',
    visibilityState: 'visible',
    addEventListener: (_, listener) => listeners.add(listener),
    removeEventListener: (_, listener) => listeners.delete(listener),
    becomes(state) { this.visibilityState = state; for (const listener of listeners) listener() },
  }
}

// A Notification that records what was shown; permission as the user left it.
function fakeNotifications(permission) {
  const shown = []
  return {
    shown,
    Class: class {
      static permission = permission
      constructor(title, options) { this.title = title; this.options = options; this.closed = false; shown.push(this) }
      close() { this.closed = true }
    },
  }
}

function alerts({ sound = true, permission = 'granted', wanted = true } = {}) {
  const page = fakePage()
  const notifications = fakeNotifications(permission)
  const chimes = []
  const focused = []
  const alert = arrivalAlerts({
    page, sound: { value: sound }, play: () => chimes.push(1), NotificationClass: notifications.Class,
    allowsNotification: () => wanted && notifications.Class.permission === 'granted', focus: () => focused.push(1),
  })
  return { page, alert, chimes, shown: notifications.shown, focused }
}

test('messages arriving while the page is hidden count in the title until it shows again', () => {
  const { page, alert } = alerts()
  page.becomes('hidden')
  alert.arrived()
  alert.arrived()
  assert.equal(page.title, '(2) Chat with support')
  page.becomes('visible')
  assert.equal(page.title, 'Chat with support')
})

test('nothing alerts for the chat in view of a visible page', () => {
  const { page, alert, chimes, shown } = alerts()
  alert.arrived({ inView: true })
  assert.deepEqual([page.title, chimes.length, shown.length], ['Chat with support', 0, 0])
})

test('a message for another chat on a visible dashboard chimes, without title or notification', () => {
  const { page, alert, chimes, shown } = alerts()
  alert.arrived({ inView: false })
  assert.deepEqual([page.title, chimes.length, shown.length], ['Chat with support', 1, 0])
})

test('a hidden page chimes and notifies; clicking the notification focuses the page and opens the chat', () => {
  const { page, alert, chimes, shown, focused } = alerts()
  const opened = []
  page.becomes('hidden')
  alert.arrived({ title: 'New message from Ada', body: 'hello', tag: 'chat-1', onOpen: () => opened.push('chat-1') })
  assert.equal(chimes.length, 1)
  assert.deepEqual([shown[0].title, shown[0].options], ['New message from Ada', { body: 'hello', tag: 'chat-1' }])
  shown[0].onclick()
  assert.deepEqual([focused.length, opened, shown[0].closed], [1, ['chat-1'], true])
})

test('no notification without permission, and no chime with sound off', () => {
  const { page, alert, chimes, shown } = alerts({ sound: false, permission: 'default' })
  page.becomes('hidden')
  alert.arrived()
  assert.deepEqual([page.title, chimes.length, shown.length], ['(1) Chat with support', 0, 0])
})

test('the sound setting starts at the page default and is remembered per browser', () => {
  const stored = new Map()
  const storage = { getItem: (key) => stored.get(key) ?? null, setItem: (key, value) => stored.set(key, value) }
  const first = soundSetting(storage, 'chat-sound', true)
  assert.equal(first.on.value, true)
  first.toggle()
  assert.equal(soundSetting(storage, 'chat-sound', true).on.value, false)
})

test('a hidden page shows no notification once the person turned them off', () => {
  const { page, alert, shown } = alerts({ wanted: false })
  page.becomes('hidden')
  alert.arrived()
  assert.equal(shown.length, 0)
})

// notifySetting against a browser that answers `answer` when asked, and a push that works or not.
function notifying({ permission = 'default', answer = 'granted', pushWorks = true, push = true } = {}) {
  const stored = new Map()
  const storage = { getItem: (key) => stored.get(key) ?? null, setItem: (key, value) => stored.set(key, value) }
  const asked = []
  const NotificationClass = {
    permission,
    requestPermission: async () => { asked.push(1); NotificationClass.permission = answer; return answer },
  }
  const pushState = { value: push ? 'off' : 'unsupported' }
  const webPush = {
    state: pushState,
    refresh: async () => {},
    enable: async () => { pushState.value = pushWorks ? 'on' : 'off'; return pushWorks },
    disable: async () => { pushState.value = 'off'; return true },
  }
  const notify = notifySetting({ storage, key: 'chat-notify', push: webPush, NotificationClass })
  return { notify, asked, pushState, storage }
}

test('turning notifications on asks the browser once, then pushes while the page is closed too', async () => {
  const { notify, asked, pushState } = notifying()
  assert.equal(notify.state.value, 'off')
  await notify.turnOn()
  assert.deepEqual([notify.state.value, notify.closedToo.value, notify.allows(), asked.length, pushState.value],
    ['on', true, true, 1, 'on'])
})

test('a refused permission leaves them blocked, with nothing subscribed', async () => {
  const { notify, pushState } = notifying({ answer: 'denied' })
  await notify.turnOn()
  assert.deepEqual([notify.state.value, notify.allows(), pushState.value], ['denied', false, 'off'])
})

test('where the browser cannot push, they are on while the page is open, and it says so', async () => {
  const { notify } = notifying({ pushWorks: false })
  await notify.turnOn()
  assert.deepEqual([notify.state.value, notify.closedToo.value, notify.problem.value], ['on', false, 'not-closed'])
})

test('turning them off stops the pushes and is remembered by this browser', async () => {
  const { notify, pushState, storage } = notifying()
  await notify.turnOn()
  await notify.turnOff()
  assert.deepEqual([notify.state.value, notify.allows(), pushState.value], ['off', false, 'off'])
  const again = notifySetting({ storage, key: 'chat-notify', NotificationClass: { permission: 'granted' } })
  assert.equal(again.state.value, 'off')
})

// This browser's web push (web/shared/push.js), against a fake service worker container,
// push manager and API.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applicationServerKey, webPush } from '../../web/shared/push.js'

const KEY = 'BCkVw-JGT1QWdx5NvsQc2NtAtDD4I7leZrYGKw4Yy22KrSrIEaXc3LFo9BWQdyPKeSg9MzrG_9cR4ODr8vCnfZs'

function browser({ permission = 'granted' } = {}) {
  const calls = []
  let subscription = null
  const pushManager = {
    getSubscription: async () => subscription,
    subscribe: async (options) => {
      calls.push(['subscribe', options])
      subscription = {
        endpoint: 'https://push.example/1',
        toJSON: () => ({ endpoint: 'https://push.example/1', keys: { p256dh: 'p', auth: 'a' } }),
        unsubscribe: async () => { calls.push(['unsubscribe']); subscription = null },
      }
      return subscription
    },
  }
  const registration = { active: { state: 'activated' }, pushManager }
  return {
    calls,
    serviceWorker: {
      register: async (url) => { calls.push(['register', url]); return registration },
      getRegistration: async () => registration,
    },
    NotificationClass: { permission: 'default', requestPermission: async () => permission },
    PushManagerClass: function PushManager() {},
    api: {
      savePushSubscription: async (json) => { calls.push(['save', json]) },
      deletePushSubscription: async (endpoint) => { calls.push(['delete', endpoint]) },
    },
  }
}

test('turning push on asks, subscribes with the VAPID key, and gives the subscription to the API', async () => {
  const b = browser()
  const push = webPush({ vapidPublicKey: KEY, ...b })

  assert.equal(await push.enable(), true)

  assert.equal(push.state.value, 'on')
  assert.deepEqual(b.calls[0], ['register', '/shared/push-worker.js'])
  const [, options] = b.calls.find(([name]) => name === 'subscribe')
  assert.equal(options.userVisibleOnly, true)
  assert.deepEqual(options.applicationServerKey, applicationServerKey(KEY))
  assert.equal(options.applicationServerKey.length, 65) // an uncompressed P-256 point
  assert.deepEqual(b.calls.at(-1), ['save', { endpoint: 'https://push.example/1', keys: { p256dh: 'p', auth: 'a' } }])
})

test('a person who blocks notifications is not subscribed', async () => {
  const b = browser({ permission: 'denied' })
  const push = webPush({ vapidPublicKey: KEY, ...b })

  await push.enable()

  assert.equal(push.state.value, 'denied')
  assert.deepEqual(b.calls, [])
})

test('turning push off takes the subscription back from the API and the browser', async () => {
  const b = browser()
  const push = webPush({ vapidPublicKey: KEY, ...b })
  await push.enable()

  await push.disable()

  assert.equal(push.state.value, 'off')
  assert.deepEqual(b.calls.slice(-2), [['delete', 'https://push.example/1'], ['unsubscribe']])
})

test('without a VAPID key in the config the pages offer no push', () => {
  assert.equal(webPush({ vapidPublicKey: '', ...browser() }).state.value, 'unsupported')
})

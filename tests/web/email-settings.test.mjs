// The emails' unsubscribe view (web/chat/email-settings.js), against a fake API.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createEmailSettings } from '../../web/chat/email-settings.js'

const fakeApi = (subscribed = true) => {
  const calls = []
  return {
    calls,
    emailSubscription: async (token) => { calls.push(['get', token]); return { recipient_type: 'customer', scope: 'chat', subscribed } },
    setEmailSubscription: async (token, value) => {
      calls.push(['set', token, value])
      subscribed = value
      return { recipient_type: 'customer', scope: 'chat', subscribed }
    },
  }
}

test('opening the view only reads how the emails stand; the button changes them', async () => {
  const api = fakeApi()
  const page = createEmailSettings({ api, token: 't0k3n' })

  await page.open()
  assert.deepEqual(api.calls, [['get', 't0k3n']])
  assert.equal(page.subscription.value.subscribed, true)

  await page.change(false)
  assert.deepEqual(api.calls.at(-1), ['set', 't0k3n', false])
  assert.equal(page.subscription.value.subscribed, false)
})

test("a link the API refuses shows its words instead of a button", async () => {
  const page = createEmailSettings({
    api: { emailSubscription: async () => { throw new Error('This unsubscribe link is not valid.') } },
    token: 'forged',
  })

  await page.open()

  assert.equal(page.state.value, 'problem')
  assert.equal(page.problem.value, 'This unsubscribe link is not valid.')
})

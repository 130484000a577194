// The API client reads API Gateway's own answers (a throttle, a timeout) as what they are.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ChatApi } from '../../web/shared/api.js'

function answering(status, body) {
  globalThis.fetch = async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
  return new ChatApi('https://api.test/prod', async () => 'token')
}

test("API Gateway's throttle reads as rate limited, in plain words", async () => {
  const api = answering(429, { message: 'Too Many Requests' })
  await assert.rejects(api.listSessions({}), (error) => {
    assert.equal(error.status, 429)
    assert.equal(error.code, 'rate_limited')
    assert.equal(error.message, "That's a lot at once. Wait a few seconds, then try again.")
    return true
  })
})

test("API Gateway's timeout and a failed function read as the service having trouble", async () => {
  for (const [status, message] of [[504, 'Endpoint request timed out'], [502, 'Internal server error']]) {
    const api = answering(status, { message })
    await assert.rejects(api.listSessions({}), (error) => error.code === 'upstream_unavailable' && error.detail === message)
  }
})

test("the API's own errors keep their code", async () => {
  const api = answering(409, { error: { code: 'conflict', message: 'chat session is closed' } })
  await assert.rejects(api.listSessions({}), (error) => error.code === 'conflict')
})

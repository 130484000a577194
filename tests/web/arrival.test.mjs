// How the dashboard was reached (web/admin/arrival.js): an invitation's link, or its failure.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { authArrival } from '../../web/admin/arrival.js'

test('an accepted invitation arrives with a session: the new admin chooses a password', () => {
  assert.deepEqual(authArrival('#access_token=abc&expires_in=3600&refresh_token=r&token_type=bearer&type=invite'),
    { invited: true, problem: '' })
})

test('an expired or reused invitation says to ask for a new one', () => {
  const arrival = authArrival('#error=access_denied&error_code=otp_expired&error_description=Email+link+is+invalid+or+has+expired&sb=')
  assert.equal(arrival.invited, false)
  assert.match(arrival.problem, /Ask an owner of your team to invite you again/)
})

test('an ordinary visit is neither', () => {
  assert.deepEqual(authArrival(''), { invited: false, problem: '' })
  assert.deepEqual(authArrival('#type=invite'), { invited: false, problem: '' })
})

test("a refusal Supabase Auth names by a code the page doesn't know reads as plain words, not Auth's", () => {
  const arrival = authArrival('#error=server_error&error_code=unexpected_failure&error_description=Database+error+granting+user')
  assert.deepEqual(arrival, { invited: false, problem: 'Signing in did not work. Try again.' })
})

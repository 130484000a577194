// Failures in plain words (web/shared/errors.js), chosen by the API's codes, never its wording.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { authMessage, plainMessage, WORDED_CODES } from '../../web/shared/errors.js'
import { s3Refusal } from '../../web/shared/uploads.js'

const API_CODES = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url))).components.schemas.ErrorCode.enum

test('every code the pages word is one the API answers (a renamed code fails here)', () => {
  const ours = WORDED_CODES.filter((code) => code !== 'network') // the page's own: no answer came
  assert.deepEqual(ours.filter((code) => !API_CODES.includes(code)), [])
})

test('every refusal the API names after its generic codes has words of its own', () => {
  const refusals = API_CODES.slice(API_CODES.indexOf('internal_error') + 1)
  assert.ok(refusals.includes('chat_closed'))
  assert.deepEqual(refusals.filter((code) => !WORDED_CODES.includes(code)), [])
})

test('each code has plain words', () => {
  assert.equal(plainMessage('rate_limited'), "That's a lot at once. Wait a few seconds, then try again.")
  assert.equal(plainMessage('network'), 'The chat service cannot be reached. Check your connection.')
  assert.equal(plainMessage('customer_required'), "Enter the customer's name or email.")
  assert.equal(plainMessage('chat_closed'), 'This chat is closed.')
  assert.equal(plainMessage('link_expired'), 'This link has expired. Make a new link instead.')
})

test('a validation failure, one code for every field, is worded by the field the API names', () => {
  assert.equal(plainMessage('validation_failed', 'customer_email'), "That email address doesn't look right.")
  assert.equal(plainMessage('validation_failed', 'updates.display_name'), 'Enter a name of 1 to 100 characters.')
  assert.equal(plainMessage('validation_failed', 'limit'), 'Please check what you entered.')
  assert.equal(plainMessage('validation_failed'), 'Please check what you entered.')
})

test('anything unforeseen still reads as plain words', () => {
  assert.equal(plainMessage('teapot'), 'Something went wrong. Try again.')
  assert.equal(plainMessage('forbidden'), "You don't have access to this.")
})

test("the team's refusals say what to do instead", () => {
  assert.equal(plainMessage('admin_deactivated'), 'An owner of your team has removed your access to this dashboard.')
  assert.equal(plainMessage('last_owner'),
    'The team needs an owner who has signed in: make someone else an owner first (an invited owner counts once they sign in).')
  assert.equal(plainMessage('already_on_team'), 'That person is already on the team.')
  assert.equal(plainMessage('conflict'), 'Something went wrong. Try again.')
})

test("an upload's refusals say what to do", () => {
  const denied = '<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy expired.</Message></Error>'
  assert.equal(s3Refusal(403, denied, { expired: true }).status, 0) // past the ticket's time: tried again, newly signed
  assert.equal(s3Refusal(403, denied).status, 403) // within it: a refusal, whatever S3's words
  assert.equal(s3Refusal(400, '<Error><Code>EntityTooLarge</Code></Error>').message, 'The file changed after it was chosen. Attach it again.')
  assert.equal(plainMessage('file_type_refused'), "Files of this type can't be attached. Images, PDF, text and office documents can.")
  assert.equal(plainMessage('file_too_large'), 'That file is too large to attach.')
  assert.equal(plainMessage('file_content_mismatch'), "That file's content doesn't match its type, so it wasn't sent.")
})

test('an export too large to write at once says to choose fewer days', () => {
  assert.equal(plainMessage('export_too_large'), 'There is too much in these dates to export at once. Choose fewer days.')
})

test('a reused message id reads as such, never as a closed chat', () => {
  assert.equal(plainMessage('client_msg_id_reused'), 'This message was already sent with different text. Write it again.')
})

test("signing in's refusals read by Supabase Auth's code, and no answer reads as the network", () => {
  assert.equal(authMessage({ code: 'invalid_credentials', status: 400, message: 'Invalid login credentials' }),
    "That email and password don't match. Check them and try again.")
  assert.equal(authMessage({ code: 'weak_password', status: 422 }), 'Choose a password of at least 6 characters.')
  assert.equal(authMessage({ status: 0, message: 'Failed to fetch' }), 'The chat service cannot be reached. Check your connection.')
  assert.equal(authMessage({ status: 503 }), 'The chat service is having trouble. Try again in a moment.')
})

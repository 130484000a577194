// Failures in plain words (web/shared/errors.js), never the API's developer wording.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { plainMessage } from '../../web/shared/errors.js'
import { s3Refusal } from '../../web/shared/uploads.js'

test('each code has plain words, whatever the API said', () => {
  assert.equal(plainMessage('rate_limited', 'at most 20 messages per 10 seconds in one chat'),
    "That's a lot at once. Wait a few seconds, then try again.")
  assert.equal(plainMessage('network'), 'The chat service cannot be reached. Check your connection.')
})

test('a refusal with its own code reads by the code alone', () => {
  assert.equal(plainMessage('customer_required', 'customer_name or customer_email is required'), "Enter the customer's name or email.")
  assert.equal(plainMessage('chat_closed', 'chat session is closed'), 'This chat is closed.')
  assert.equal(plainMessage('link_expired'), 'This link has expired. Make a new link instead.')
})

test('a validation failure, one code for every field, is worded by the field', () => {
  assert.equal(plainMessage('validation_failed', 'customer_email: value is not a valid email address'),
    "That email address doesn't look right.")
})

test('anything unforeseen still reads as plain words', () => {
  assert.equal(plainMessage('validation_failed', 'limit: must be at most 200'), 'Please check what you entered.')
  assert.equal(plainMessage('teapot', 'short and stout'), 'Something went wrong. Try again.')
})

test("the team's refusals say what to do instead, by their codes", () => {
  assert.equal(plainMessage('admin_deactivated', 'your admin access was removed by an owner of the team'),
    'An owner of your team has removed your access to this dashboard.')
  assert.equal(plainMessage('forbidden', 'your admin access was removed by an owner of the team'), "You don't have access to this.")
  assert.equal(plainMessage('last_owner'),
    'The team needs an owner who has signed in: make someone else an owner first (an invited owner counts once they sign in).')
  assert.equal(plainMessage('already_on_team', 'ada@example.com is already on the team'), 'That person is already on the team.')
  assert.equal(plainMessage('conflict', 'ada@example.com is already on the team'), 'Something went wrong. Try again.')
})

test("an upload's refusals say what to do", () => {
  const expired = s3Refusal(403, '<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy expired.</Message></Error>')
  assert.equal(expired.status, 0) // tried again with a new signature
  assert.equal(s3Refusal(400, '<Error><Code>EntityTooLarge</Code></Error>').message, 'The file changed after it was chosen. Attach it again.')
  assert.equal(plainMessage('unsupported_media_type', 'files of type text/html cannot be attached'),
    "Files of this type can't be attached. Images, PDF, text and office documents can.")
  assert.equal(plainMessage('payload_too_large', 'a file may be at most 10485760 bytes'), 'That file is too large to attach.')
})

test('an export too large to write at once says to choose fewer days', () => {
  assert.equal(plainMessage('export_too_large', 'the range holds more than one export can write in time'),
    'There is too much in these dates to export at once. Choose fewer days.')
})

test('a reused message id reads as such, never as a closed chat', () => {
  assert.equal(plainMessage('client_msg_id_reused', 'client_msg_id was already used for a different message'),
    'This message was already sent with different text. Write it again.')
  assert.equal(plainMessage('conflict', 'chat session is closed'), 'Something went wrong. Try again.')
})

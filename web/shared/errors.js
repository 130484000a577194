// What a person reads when a request fails: plain words chosen by the API's stable error code
// (and, where one code covers several cases, by what the API said), never the API's own
// wording, which is written for developers. Pure.
const BY_CODE = {
  network: 'The chat service cannot be reached. Check your connection.',
  unauthorized: 'Your session has ended. Sign in again.',
  not_found: "This chat doesn't exist (any more).",
  rate_limited: "That's a lot at once. Wait a few seconds, then try again.",
  upstream_unavailable: 'The chat service is having trouble. Try again in a moment.',
  outcome_unknown: "We couldn't confirm that went through. It will be retried.",
  payload_too_large: 'That is too long to send.',
  export_too_large: 'There is too much in these dates to export at once. Choose fewer days.',
  chat_closed: 'This chat is closed.',
  client_msg_id_reused: 'This message was already sent with different text. Write it again.',
  admin_deactivated: 'An owner of your team has removed your access to this dashboard.',
  already_on_team: 'That person is already on the team.',
  invitee_deactivated: 'That person was deactivated: reactivate them in the list instead.',
  last_owner: 'The team needs an owner who has signed in: make someone else an owner first (an invited owner counts once they sign in).',
  already_joined: 'That person has just joined the team.',
  customer_required: "Enter the customer's name or email.",
  link_expired: 'This link has expired. Make a new link instead.',
  link_not_shown: "This chat's link can't be shown again. Make a new link instead.",
  unsupported_media_type: 'Something went wrong on this page. Reload it and try again.',
  malformed_json: 'Something went wrong on this page. Reload it and try again.',
}

// Attachments' refusals, whatever their code.
const FILES = [
  [/cannot be attached/, "Files of this type can't be attached. Images, PDF, text and office documents can."],
  [/a file may be at most/, 'That file is too large to attach.'],
  [/claims to be/, "That file's content doesn't match its type, so it wasn't sent."],
  [/was not uploaded/, 'A file of this message was not uploaded. Attach it again.'],
]

// Codes that cover several cases: the API's words pick which plain words apply.
const BY_DETAIL = [
  [/display_name/, 'Enter a name of 1 to 100 characters.'],
  [/email/i, "That email address doesn't look right."],
  [/content/, 'A message needs some text, at most 4,000 characters.'],
]

export function plainMessage(code, detail = '') {
  for (const [pattern, words] of FILES) if (pattern.test(detail)) return words
  if (BY_CODE[code]) return BY_CODE[code]
  for (const [pattern, words] of BY_DETAIL) if (pattern.test(detail)) return words
  if (code === 'forbidden') return "You don't have access to this."
  return code === 'validation_failed' || code === 'bad_request'
    ? 'Please check what you entered.' : 'Something went wrong. Try again.'
}

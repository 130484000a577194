// What a person reads when a request fails: plain words chosen by the API's stable error code
// (openapi.json's ErrorCode) and, for a validation failure, by the field at fault; never by
// the API's own wording, which is written for developers and may change. Pure.
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
  file_type_refused: "Files of this type can't be attached. Images, PDF, text and office documents can.",
  file_too_large: 'That file is too large to attach.',
  file_content_mismatch: "That file's content doesn't match its type, so it wasn't sent.",
  file_not_uploaded: 'A file of this message was not uploaded. Attach it again.',
  site_not_found: 'Chat is not available on this website right now.',
  origin_not_allowed: 'Chat is not available on this website.',
  identity_required: 'Sign in to this website to chat with us.',
  identity_invalid: 'Your sign-in could not be checked. Reload the page, or sign in again.',
  visitor_unknown: 'Your earlier chats are no longer kept in this browser. Start a new chat.',
  prechat_field_required: 'Please fill in the required fields.',
  site_key_exists: 'This site already has a key with that kid. Give the new key another kid.',
  site_keys_full: 'A site keeps two keys at most. Remove the old key first.',
  site_key_missing: 'Add a verification key before requiring signed-in visitors; the last key stays while they are required.',
  site_key_not_public: 'Paste the public key only (EC P-256, RSA of 2048 bits or more, or Ed25519, with a kid), never a secret or private key.',
}

// A validation failure (one code for every field) is worded by the field the API names.
const BY_FIELD = {
  display_name: 'Enter a name of 1 to 100 characters.',
  customer_name: 'Enter a name of 1 to 200 characters.',
  email: "That email address doesn't look right.",
  customer_email: "That email address doesn't look right.",
  content: 'A message needs some text, at most 4,000 characters.',
  origins: 'Enter each origin exactly as https://example.com (lower case, no path), once.',
  name: 'Enter a name of 1 to 100 characters.',
}

// The codes with words of their own (a test holds them to openapi.json's ErrorCode).
export const WORDED_CODES = Object.keys(BY_CODE)

// code: the API's error.code; field: its error.field (dotted), if any.
export function plainMessage(code, field = null) {
  if (BY_CODE[code]) return BY_CODE[code]
  const byField = code === 'validation_failed' && BY_FIELD[field?.split('.').at(-1)]
  if (byField) return byField
  if (code === 'forbidden') return "You don't have access to this."
  return code === 'validation_failed' || code === 'bad_request'
    ? 'Please check what you entered.' : 'Something went wrong. Try again.'
}

// Supabase Auth's refusals (its error_code, supabase/auth's internal/api/errorcodes.go), for
// signing in, choosing a password and arriving from an invitation.
const BY_AUTH_CODE = {
  invalid_credentials: "That email and password don't match. Check them and try again.",
  email_not_confirmed: 'Confirm your email address first: open the link in the email we sent.',
  weak_password: 'Choose a password of at least 6 characters.',
  same_password: 'That is your password already. Choose a new one.',
  over_request_rate_limit: BY_CODE.rate_limited,
  over_email_send_rate_limit: 'Too many emails were sent just now. Try again in an hour.',
  otp_expired: 'This invitation link has expired or was already used. Ask an owner of your team to invite you again.',
  session_not_found: BY_CODE.unauthorized,
  refresh_token_not_found: BY_CODE.unauthorized,
  refresh_token_already_used: BY_CODE.unauthorized,
}

// failure: supabase-js's AuthError (its code, or a status of 0 when no answer came).
export function authMessage(failure) {
  if (BY_AUTH_CODE[failure?.code]) return BY_AUTH_CODE[failure.code]
  if (!failure?.status) return BY_CODE.network
  return failure.status >= 500 ? BY_CODE.upstream_unavailable : 'Signing in did not work. Try again.'
}

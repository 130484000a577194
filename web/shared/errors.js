// What a person reads when a request fails: plain words chosen by the API's stable error code
// (openapi.json's ErrorCode) and, for a validation failure, by the field at fault; never by
// the API's own wording, which is written for developers and may change. The words are the
// catalogs' (i18n.js): error.<code>, field.<name>, auth.<Auth's code>.
import en from '../locales/en.js'
import { hasWords, t } from './i18n.js'

// Words the catalogs keep for the pages' own fallbacks, not codes the API answers.
const GENERIC = new Set(['forbidden', 'check_input', 'unknown'])
// The codes with words of their own (a test holds them to openapi.json's ErrorCode).
export const WORDED_CODES = Object.keys(en).filter((key) => key.startsWith('error.')).map((key) => key.slice(6))
  .filter((code) => !GENERIC.has(code))

// code: the API's error.code; field: its error.field (dotted), if any.
export function plainMessage(code, field = null) {
  if (code && !GENERIC.has(code) && hasWords(`error.${code}`)) return t(`error.${code}`)
  const byField = `field.${field?.split('.').at(-1)}`
  if (code === 'validation_failed' && hasWords(byField)) return t(byField)
  if (code === 'forbidden') return t('error.forbidden')
  return t(code === 'validation_failed' || code === 'bad_request' ? 'error.check_input' : 'error.unknown')
}

// Supabase Auth's refusals (its error_code, supabase/auth's internal/api/errorcodes.go), for
// signing in, choosing a password and arriving from an invitation: the catalogs' auth.<code>.
// failure: supabase-js's AuthError (its code, or a status of 0 when no answer came).
export function authMessage(failure) {
  if (failure?.code && hasWords(`auth.${failure.code}`)) return t(`auth.${failure.code}`)
  if (!failure?.status) return t('error.network')
  return t(failure.status >= 500 ? 'error.upstream_unavailable' : 'auth.failed')
}

// How the dashboard was reached: from an invitation's email link, Supabase Auth sends the
// browser here with the session in the address's fragment (type=invite), or with why not
// (error_code, as supabase/auth's verify.go writes it). Read before supabase-js takes the
// fragment away. Pure.
import { authMessage } from '../shared/errors.js'

export function authArrival(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const refused = params.get('error_code') || params.get('error')
  if (refused) return { invited: false, problem: authMessage({ code: params.get('error_code'), status: 400 }) }
  return { invited: params.get('type') === 'invite' && params.has('access_token'), problem: '' }
}

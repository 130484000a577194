// How the dashboard was reached: from an invitation's email link, Supabase Auth sends the
// browser here with the session in the address's fragment (type=invite), or with why not
// (error_code, as supabase/auth's verify.go writes it). Read before supabase-js takes the
// fragment away. Pure.
export function authArrival(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  if (params.get('error_code') === 'otp_expired') {
    return { invited: false, problem: 'This invitation link has expired or was already used. Ask an owner of your team to invite you again.' }
  }
  if (params.get('error_description')) return { invited: false, problem: params.get('error_description') }
  return { invited: params.get('type') === 'invite' && params.has('access_token'), problem: '' }
}

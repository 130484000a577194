// The state of the customer page's email settings view (#unsubscribe=<token>, the link at the
// foot of every email, to customers and admins alike): it says which emails the token is
// about, and stops or restarts them only when the person presses the button (a link scanner
// that opens the page changes nothing; mail clients' one-click POSTs go to the API directly).
import { batch, signal } from '@preact/signals-core'

export function createEmailSettings({ api, token }) {
  const state = signal('loading') // loading | ready | problem
  const subscription = signal(null) // { recipient_type, scope, subscribed }
  const problem = signal('')
  const busy = signal(false)

  const open = async () => {
    try {
      const found = await api.emailSubscription(token)
      batch(() => { subscription.value = found; state.value = 'ready' })
    } catch (failure) {
      batch(() => { problem.value = failure.message; state.value = 'problem' })
    }
  }

  const change = async (subscribed) => {
    busy.value = true
    problem.value = ''
    try {
      subscription.value = await api.setEmailSubscription(token, subscribed)
    } catch (failure) {
      problem.value = failure.message
    } finally {
      busy.value = false
    }
  }

  return { state, subscription, problem, busy, open, change }
}

// Before the dashboard: signing in, and the password an invited admin chooses.
import { useLayoutEffect, useRef } from 'preact/hooks'
import { html } from '../shared/html.js'
import { Problem } from './ui.js'

export function SignIn({ dashboard }) {
  const email = useRef(null)
  const password = useRef(null)
  useLayoutEffect(() => email.current.focus(), []) // at once: typing may already have begun
  const submit = (event) => {
    event.preventDefault()
    dashboard.signIn(email.current.value, password.current.value)
  }
  return html`
    <main><section class="card centered" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in to the chat dashboard</h1>
      <form onSubmit=${submit}>
        <label for="email">Email</label>
        <input id="email" ref=${email} type="email" autocomplete="username" required />
        <label for="password">Password</label>
        <input id="password" ref=${password} type="password" autocomplete="current-password" required />
        <${Problem} text=${dashboard.signInError.value} />
        <div class="actions"><button type="submit" class="primary">Sign in</button></div>
      </form>
    </section></main>`
}

// Signed in by an invitation's link: the new admin chooses the password it will sign in with.
export function ChoosePassword({ dashboard }) {
  const password = useRef(null)
  useLayoutEffect(() => password.current.focus(), [])
  const submit = (event) => {
    event.preventDefault()
    dashboard.choosePassword(password.current.value)
  }
  return html`
    <main><section class="card centered" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Welcome to the team</h1>
      <p>Choose a password: you will sign in with it and your email from now on.</p>
      <form onSubmit=${submit}>
        <label for="new-password">Password (at least 6 characters)</label>
        <input id="new-password" ref=${password} type="password" autocomplete="new-password" minlength="6" required />
        <${Problem} text=${dashboard.signInError.value} />
        <div class="actions"><button type="submit" class="primary">Save password and continue</button></div>
      </form>
    </section></main>`
}

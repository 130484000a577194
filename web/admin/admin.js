// The admin dashboard: sign in with Supabase Auth, chats on the left (newest activity first,
// filter, search, unread badges), one conversation on the right; Realtime keeps both live.
import { render } from 'preact'
import { ChatApi } from '../shared/api.js'
import { html } from '../shared/html.js'
import { webPush } from '../shared/push.js'
import { AdminApp } from './app.js'
import { authArrival } from './arrival.js'
import { createDashboard } from './store.js'

const config = window.CHAT_CONFIG
const arrival = authArrival(location.hash) // before supabase-js reads the fragment and clears it
const supabase = window.supabase.createClient(config.supabaseUrl, config.supabasePublishableKey)
const api = new ChatApi(config.apiBaseUrl, async () => (await supabase.auth.getSession()).data.session?.access_token)
const push = webPush({ api, vapidPublicKey: config.vapidPublicKey })
const dashboard = createDashboard({ api, supabase, storage: localStorage, arrival, push })

render(html`<${AdminApp} dashboard=${dashboard} />`, document.getElementById('app'))
dashboard.start()

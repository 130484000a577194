// Presence, in two kinds (see supabase/migrations/20261125180000_presence.sql for why):
// live over Realtime Presence (support on the `support` topic, the customer on its chat's),
// and, for the dashboard's chat list, the customer page's beat through the API.
// Timers and the page are injected, so tests/web drives them with a fake clock.
export const BEAT_EVERY_MS = 60_000
// Online means a beat within this long (chat_private.presence_json says the same).
export const ONLINE_FOR_MS = 150_000
// The presence key a customer tracks under on its chat's topic.
export const CUSTOMER_KEY = 'customer'

const timers = { now: () => Date.now(), setRepeat: (f, ms) => setInterval(f, ms), clearRepeat: (t) => clearInterval(t) }

// A page's beat (the customer's for its chat, the dashboard's for its admin): beat() at once,
// every BEAT_EVERY_MS while open, leave() as it closes (it must send a keepalive request,
// which outlives the page), and beat() again if it comes back from the back/forward cache.
// Failures are dropped: the next beat tries again. Returns stop().
export function keepPresent({ beat, leave }, { page = globalThis.window, setRepeat, clearRepeat } = timers) {
  const beating = () => beat().catch(() => {})
  const leaving = () => leave().catch(() => {})
  const back = (event) => { if (event.persisted) beating() }
  const repeat = setRepeat(beating, BEAT_EVERY_MS)
  page.addEventListener('pagehide', leaving)
  page.addEventListener('pageshow', back)
  beating()
  return () => {
    clearRepeat(repeat)
    page.removeEventListener('pagehide', leaving)
    page.removeEventListener('pageshow', back)
  }
}

// The metas of a Realtime presence state ({ key: [meta, …] }), one per key.
export const presentMetas = (state) => Object.entries(state).map(([key, metas]) => ({ key, ...metas[0] }))

// The names of the admins on the support topic, each once, in order.
export const supportNames = (state) => [...new Set(presentMetas(state).map((meta) => meta.name || 'Support'))].sort()

// A chat list row's presence as last heard: the server's answer when the list loaded, or a
// live beat (chat_presence). A beat counts for ONLINE_FOR_MS from when it was heard (this
// browser's clock, never compared with the server's).
export function presenceFromServer(session, now = timers.now()) {
  return { customer_online: Boolean(session.customer_online), customer_seen_at: session.customer_seen_at ?? null, heard_at: now }
}
export function presenceFromChange(row, now = timers.now()) {
  return { customer_online: Boolean(row.present), customer_seen_at: row.seen_at, heard_at: now }
}
export const stillOnline = (session, now = timers.now()) =>
  Boolean(session.customer_online) && now - (session.heard_at ?? 0) < ONLINE_FOR_MS

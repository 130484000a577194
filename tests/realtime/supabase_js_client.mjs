// A real supabase-js (the version pinned in web/package.json) driven by the tests:
// commands arrive as JSON lines on stdin, everything the client sees leaves as JSON lines.
// Run with: node --experimental-websocket tests/realtime/supabase_js_client.mjs URL KEY [ACCESS_TOKEN]
import { createRequire } from 'node:module'
import readline from 'node:readline'

const require = createRequire(new URL('../../web/package.json', import.meta.url))
const { createClient } = require('@supabase/supabase-js')

const [url, key, initialToken] = process.argv.slice(2)
let token = initialToken || null
const options = token ? { accessToken: async () => token } : {}
const supabase = createClient(url, key, { ...options, realtime: { heartbeatIntervalMs: 1000, timeout: 3000 } })
const channels = {}
const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n')

const commands = {
  subscribe({ name, changes = [], presenceKey, broadcastSelf = false, isPrivate = true }) {
    const config = { broadcast: { self: broadcastSelf, ack: true }, private: isPrivate }
    if (presenceKey) config.presence = { key: presenceKey }
    const channel = supabase.channel(name, { config })
    for (const filter of changes) {
      channel.on('postgres_changes', filter, (payload) => emit({ channel: name, kind: 'postgres_changes', payload }))
    }
    // A test's bulk "padding" is counted, not echoed back.
    channel.on('broadcast', { event: '*' }, ({ payload: { padding, ...body } = {}, ...message }) =>
      emit({ channel: name, kind: 'broadcast', payload: { ...message, payload: body }, padding: padding?.length }))
    channel.on('presence', { event: 'sync' }, () => emit({ channel: name, kind: 'presence', state: channel.presenceState() }))
    channel.on('system', {}, (payload) => emit({ channel: name, kind: 'system', payload }))
    channel.subscribe((status, err) => emit({ channel: name, kind: 'status', status, error: err ? String(err) : null }))
    channels[name] = channel
  },
  async broadcast({ name, event, payload }) {
    const result = await channels[name].send({ type: 'broadcast', event, payload })
    emit({ channel: name, kind: 'sent', result })
  },
  async track({ name, payload }) {
    emit({ channel: name, kind: 'tracked', result: await channels[name].track(payload) })
  },
  async setToken({ accessToken }) {
    token = accessToken
    await supabase.realtime.setAuth(accessToken)
    emit({ kind: 'token_set' })
  },
  async unsubscribe({ name }) {
    emit({ channel: name, kind: 'unsubscribed', result: await channels[name].unsubscribe() })
  },
  async quit() {
    // Leave every channel (the server answers each leave), then exit: removeAllChannels would
    // also wait out phoenix's socket teardown, which polls readyState for up to 1.5 s.
    await Promise.all(supabase.getChannels().map((channel) => channel.unsubscribe()))
    process.exit(0)
  },
}

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  const command = JSON.parse(line)
  try {
    await commands[command.command](command)
  } catch (error) {
    emit({ kind: 'error', error: String(error) })
  }
})

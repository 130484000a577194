// Fakes of what the page stores talk to: the chat API, supabase-js (auth and Realtime
// channels) and the browser's window and storage. Each records what it was asked, and the
// Realtime fake delivers what a test says the server sent.

// The browser around a store: an address, history, storage and the events pages listen to.
export function fakeBrowser(search = '') {
  const window = Object.assign(new EventTarget(), {
    location: { pathname: '/admin/', search },
    history: {
      entries: [],
      pushState(_, __, url) { this.entries.push(url); window.location.search = url.startsWith('?') ? url : '' },
      replaceState(_, __, url) { window.location.search = url.startsWith('?') ? url : '' },
    },
    navigator: { onLine: true },
  })
  const document = Object.assign(new EventTarget(), { title: 'Chat', visibilityState: 'visible' })
  globalThis.window = window
  globalThis.document = document
  return window
}

export function memoryStorage() {
  const items = new Map()
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  }
}

// The chat API: each method answers what `answers[name]` gives (a value, or a function of the
// arguments; an Error is thrown), and every call is kept in `calls`.
export function fakeApi(answers = {}) {
  const calls = []
  return new Proxy({ calls }, {
    get(target, name) {
      if (name in target) return target[name]
      if (name === 'then') return undefined
      return async (...args) => {
        calls.push([name, ...args])
        const answer = typeof answers[name] === 'function' ? answers[name](...args) : answers[name]
        if (answer instanceof Error) throw answer
        return answer ?? {}
      }
    },
  })
}

// supabase-js: auth with one session (or none), and Realtime channels that join at once.
// changes(topic, table, event, row) delivers a postgres_changes event to that channel's
// matching handlers; ready(topic) sends Realtime's "Subscribed to PostgreSQL".
export function fakeSupabase({ session = { user: { id: 'admin-me' } }, auth = {} } = {}) {
  const channels = []
  const find = (topic) => channels.find((channel) => channel.topic === topic && !channel.removed)
  return {
    channels,
    auth: {
      getSession: async () => ({ data: { session } }),
      signInWithPassword: async () => auth.signIn ?? { error: null },
      updateUser: async () => auth.updateUser ?? { error: null },
      signOut: async (options) => { auth.signedOut = options },
    },
    realtime: { setAuth: async () => {} },
    channel(topic, options) {
      const handlers = []
      const channel = {
        topic, options, state: 'joining', removed: false, sent: [], tracked: null,
        on(type, filter, callback) { handlers.push({ type, filter, callback }); return channel },
        subscribe(callback) {
          queueMicrotask(() => { channel.state = 'joined'; callback('SUBSCRIBED') })
          return channel
        },
        track: async (meta) => { channel.tracked = meta },
        send: (message) => channel.sent.push(message),
        presenceState: () => ({}),
        deliver(type, payload, matches = () => true) {
          for (const handler of handlers) if (handler.type === type && matches(handler.filter)) handler.callback(payload)
        },
      }
      channels.push(channel)
      return channel
    },
    removeChannel: async (channel) => { channel.removed = true },
    ready(topic) {
      find(topic).deliver('system', { extension: 'postgres_changes', status: 'ok' })
    },
    changes(topic, table, event, row) {
      find(topic).deliver('postgres_changes', { eventType: event, new: row, old: {} },
        (filter) => filter.table === table && (filter.event === '*' || filter.event === event))
    },
  }
}

// Until every promise already settled has run its callbacks.
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

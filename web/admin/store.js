// The dashboard's state (signals) and what can happen to it. Components render this and call
// these; the Realtime channel belongs to the component that starts it (goLive returns stop()).
import { batch, computed, signal } from '@preact/signals-core'
import { authMessage } from '../shared/errors.js'
import { keepReading } from '../shared/reading.js'
import { arrivalAlerts, chime, notifySetting, soundSetting } from '../shared/alerts.js'
import {
  CUSTOMER_KEY, keepPresent, presenceFromChange, presenceFromServer, stillOnline, supportNames,
} from '../shared/presence.js'
import { plainMessage } from '../shared/errors.js'
import { epochRooms, keepLive } from '../shared/realtime.js'
import { typingSender, typingWatcher, typistName } from '../shared/typing.js'
import { afterMessage, afterOwnCursor, customerName, isNewTo, mergeSession } from './sessions.js'

const SEARCH_AFTER_MS = 300 // typing paused this long: the server searches
const CLOCK_TICK_MS = 15_000 // how often "online" in the chat list is looked at again
const WAITING_LOADED = 100 // the longest waits the list loads at first; beyond, only their count

// Each chat has its own address, /admin/?chat=<id>: reload and back/forward keep it.
const chatInAddress = (place) => new URLSearchParams(place.location.search).get('chat')
const addressOf = (place, chatId) => (chatId ? `?chat=${encodeURIComponent(chatId)}` : place.location.pathname)

// arrival: how the page was reached (authArrival): from an invitation's link the new admin
// first chooses a password; a link that failed says why on the sign-in form.
// push: this browser's web push (push.js), off until the admin turns it on.
export function createDashboard({
  api, supabase, storage, place = globalThis.window, arrival = { invited: false, problem: '' },
  push = { state: { value: 'unsupported' }, refresh: async () => {}, disable: async () => {} },
}) {
  const auth = signal('checking') // checking | signed-out | choosing-password | signed-in
  const signInError = signal('')
  const sessions = signal(new Map())
  const status = signal('open') // open | closed | '' (all)
  const assignee = signal('') // me | none | '' (everyone's)
  const site = signal('') // a site's id: only the chats its widget started; '' every chat
  const sites = signal([]) // the sites the widget runs on (settings and keys)
  const admins = signal([]) // the active admins a chat can go to: { user_id, display_name } each
  const team = signal([]) // for an owner: every member with email, role and status
  const autoAssign = signal(null) // for an owner: how new chats are assigned (off | round_robin)
  const search = signal('')
  const searchHits = signal(null) // what the server found for the search, once it answered: id -> match
  const revealSeq = signal(null) // the message a search found, for the chat opened from it to show
  let searching = null // the pending search's timer
  const nextCursor = signal(null)
  const waitingBeyond = signal(0) // how many wait in all, when more wait than the list loaded (else 0)
  const currentId = signal(null)
  const error = signal('')
  const live = signal('joining')
  const link = signal(null) // { link, link_expires_at } while the link dialog shows it
  const profile = signal(null) // { user_id, display_name, role, email_notifications }: the name customers see
  const isOwner = computed(() => profile.value?.role === 'owner')
  const savedReplies = signal([]) // the team's, by title
  const clock = signal(Date.now()) // ticks, so a customer not heard from goes away in the list
  const customerHere = signal(null) // the open chat's customer on its page (Realtime Presence); null until known
  const sound = soundSetting(storage, 'chat-sound', true)
  const notify = notifySetting({ storage, key: 'chat-notify', push })
  let openConversation = null // the conversation on screen, which live messages go to
  let openNotes = null // { chatId, add(note) }: the open chat's notes, which live notes go to
  let me = null // the signed-in admin's user id: its own messages are never unread
  const rooms = epochRooms() // named with the team's Realtime epoch (the profile's)

  const setProfile = (who) => {
    profile.value = who
    rooms.note(who.realtime_epoch)
  }
  // A room that refused this page (an epoch gone by): the epoch as it is now, then join again.
  // (Signed out meanwhile, a room's last retry asks nothing: there is no one to ask for.)
  const refreshEpoch = async () => { if (auth.value === 'signed-in') setProfile(await api.me()) }
  // A channel in a room (broadcast, presence), which moves with the epoch.
  const joinRoom = (base, options) => rooms.join(supabase, base, { renewToken: refreshEpoch, ...options })

  const keep = (...updates) => {
    const next = new Map(sessions.value)
    for (const update of updates) next.set(update.id, mergeSession(next.get(update.id), update))
    sessions.value = next
  }
  const current = computed(() => sessions.value.get(currentId.value) ?? null)
  // A failure for the banner; one that only says the network is gone clears itself once the
  // connection is live again.
  let networkFailure = false
  const showFailure = (failure) => {
    error.value = failure.message
    networkFailure = failure.code === 'network'
  }
  // A session from the API: its customer's presence counts from now, on this browser's clock.
  const fromApi = (session) => ({ ...session, ...presenceFromServer(session) })
  // Is a chat's customer online: for the open chat Realtime Presence says at once, for the
  // others the page's last beat does.
  const isOnline = (session) => (session.id === currentId.value && customerHere.value !== null
    ? customerHere.value : stillOnline(session, clock.value))

  // A page of the list; the first comes with the chats waiting for a reply (up to 100, the
  // longest waits), so none is buried under newer activity.
  const loadSessions = async ({ more = false } = {}) => {
    const waitingToo = !more && status.value !== 'closed'
    const [page, waiting] = await Promise.all([
      api.listSessions({ status: status.value, assignee: assignee.value, site: site.value, limit: 50, cursor: more ? nextCursor.value : null }),
      waitingToo ? api.listSessions({ waiting: true, assignee: assignee.value, site: site.value, limit: WAITING_LOADED }) : null,
    ])
    batch(() => {
      if (!more) sessions.value = new Map()
      keep(...page.sessions.map(fromApi), ...(waiting?.sessions.map(fromApi) ?? []))
      nextCursor.value = page.next_cursor
      if (waiting) waitingBeyond.value = waiting.next_cursor ? waiting.waiting_count : 0
    })
  }

  // Signing out is this browser's: auth-js (as Supabase Auth) would end every session of the
  // admin, on every device, by default.
  // Off the screen first (what runs there stops now, calling nothing more), then out of Auth.
  const signOutWith = async (text) => {
    batch(() => { signInError.value = text; auth.value = 'signed-out' })
    await supabase.auth.signOut({ scope: 'local' })
  }

  const loadAdmins = async () => { admins.value = (await api.listAdmins()).admins }

  // Access taken away (an owner deactivated this admin), heard from Realtime or any answer of
  // the API: signed out at once, in words; what the dashboard ran stops with it.
  const lockOut = () => {
    if (auth.value === 'signed-in') signOutWith(plainMessage('admin_deactivated')).catch(() => {})
  }
  api.onFailure = (failure) => { if (failure.code === 'admin_deactivated') lockOut() }

  return {
    api, auth, signInError, sessions, status, assignee, site, sites, admins, search, searchHits, revealSeq, nextCursor, waitingBeyond, currentId, current, error, live, link,
    profile, sound, notify, isOnline, loadSessions, showFailure, savedReplies, team, autoAssign, isOwner,

    async start() {
      const { data } = await supabase.auth.getSession()
      if (!data.session) {
        batch(() => { signInError.value = arrival.problem; auth.value = 'signed-out' })
        return
      }
      if (arrival.invited) {
        auth.value = 'choosing-password'
        return
      }
      me = data.session.user.id
      try {
        const [, who] = await Promise.all([loadSessions(), api.me(), notify.refresh()])
        setProfile(who)
      } catch (failure) {
        if (failure.status === 401 || failure.status === 403) {
          // A 403 is a user who is no admin, or one an owner deactivated (its own plain words).
          const notAdmin = failure.status === 403 && failure.code !== 'admin_deactivated'
          await signOutWith(notAdmin ? 'This account is not a chat admin.' : failure.message)
          return
        }
        throw failure
      }
      auth.value = 'signed-in'
      this.loadReplies().catch(showFailure)
      loadAdmins().catch(showFailure)
      this.loadSites().catch(showFailure)
      place.addEventListener('popstate', () => this.followAddress())
      await this.followAddress()
    },

    // The chat the address names (on load, back or forward), or none.
    async followAddress() {
      const chatId = chatInAddress(place)
      if (!chatId) {
        currentId.value = null
        return
      }
      try {
        await this.openChat(chatId, { remember: false })
      } catch (failure) {
        place.history.replaceState(null, '', addressOf(place, null))
        showFailure(failure)
      }
    },

    async signIn(email, password) {
      signInError.value = ''
      const { error: failure } = await supabase.auth.signInWithPassword({ email, password })
      if (failure) signInError.value = authMessage(failure)
      else await this.start()
    },

    // everywhere: every session of this admin ends (a lost laptop); else this browser's only.
    async signOut({ everywhere = false } = {}) {
      // This device stops getting the admin's pushes: the next person here is someone else.
      if (push.state.value === 'on') await push.disable()
      await supabase.auth.signOut({ scope: everywhere ? 'global' : 'local' })
      location.reload()
    },

    // Invited: signed in by the email's link, the new admin sets the password it will sign in with.
    async choosePassword(password) {
      signInError.value = ''
      const { error: failure } = await supabase.auth.updateUser({ password })
      if (failure) {
        signInError.value = authMessage(failure)
        return
      }
      arrival = { invited: false, problem: '' }
      await this.start()
    },

    // The signed-in admin's email choice: all, assigned or off (failures reach the dialog).
    async setEmailNotifications(choice) {
      setProfile(await api.setPreferences({ email_notifications: choice }))
    },

    // An owner's erasure of one customer email: its chats leave the list too.
    async eraseCustomer(email) {
      const erased = await api.eraseCustomer(email)
      const gone = [...sessions.value.values()].filter((row) => row.customer_email?.toLowerCase() === email.toLowerCase())
      if (gone.length) {
        const left = new Map(sessions.value)
        for (const row of gone) left.delete(row.id)
        batch(() => {
          sessions.value = left
          if (gone.some((row) => row.id === currentId.value)) currentId.value = null
        })
      }
      return erased
    },

    // The team, for its owners. Failures reach the caller (the team dialog shows them).
    async loadTeam() {
      const listed = await api.listTeam()
      batch(() => { team.value = listed.members; autoAssign.value = listed.auto_assign })
    },
    // How new chats are assigned, for the whole team (an owner's choice): off | round_robin.
    async chooseAutoAssign(mode) {
      autoAssign.value = (await api.chooseTeamSettings({ auto_assign: mode })).auto_assign
    },
    async invite(invitation) {
      const sent = await api.invite(invitation)
      await this.loadTeam()
      return sent
    },
    async updateMember(change) {
      await api.updateMember(change)
      await Promise.all([this.loadTeam(), loadAdmins()])
      if (change.user_id === me) setProfile(await api.me())
    },

    // The search box: rows already here filter at once; a moment after typing stops the server
    // searches every chat (names, emails, message words) and its finds join the list.
    setSearch(text) {
      search.value = text
      searchHits.value = null
      clearTimeout(searching)
      const q = text.trim()
      if (q.length < 2) return
      searching = setTimeout(async () => {
        try {
          const found = await api.listSessions({ q, status: status.value, assignee: assignee.value, site: site.value, limit: 50 })
          if (search.value.trim() !== q) return // typed on meanwhile
          batch(() => {
            keep(...found.sessions.map(fromApi))
            searchHits.value = new Map(found.sessions.map((session) => [session.id, session.match]))
          })
        } catch (failure) {
          showFailure(failure)
        }
      }, SEARCH_AFTER_MS)
    },

    // The open chat's private notes: the newest page loaded, then kept live (goLive's channel);
    // onNotes(list, loadOlder) follows them, loadOlder() bringing the page before (null when
    // the oldest is shown). Returns stop().
    notesIn(chatId, onNotes) {
      let notes = []
      let older = null // the cursor of the page before the oldest shown
      let add = null
      const addPage = (page) => { older = page.next_cursor; add(page.notes) }
      const loadOlder = () => api.listNotes(chatId, older).then(addPage, showFailure)
      add = (incoming) => {
        const known = new Set(notes.map((note) => note.id))
        notes = [...notes, ...incoming.filter((note) => !known.has(note.id))]
          .sort((a, b) => new Date(a.created_at) - new Date(b.created_at))
        onNotes(notes, older ? loadOlder : null)
      }
      const registration = { chatId, add: (note) => add([note]) }
      openNotes = registration
      api.listNotes(chatId).then(addPage, showFailure)
      return () => { if (openNotes === registration) openNotes = null }
    },
    async addNote(chatId, body) {
      const note = await api.addNote(chatId, body)
      if (openNotes?.chatId === chatId) openNotes.add(note)
    },

    // Every saved reply, a page at a time (a page holds at most about 1 MB).
    async loadReplies() {
      const replies = []
      let cursor = null
      do {
        const page = await api.listReplies(cursor)
        replies.push(...page.replies)
        cursor = page.next_cursor
      } while (cursor)
      savedReplies.value = replies
    },
    // A new reply ({ title, body }) or a changed one ({ id, title, body }); failures reach the caller.
    async saveReply(reply) {
      await api.saveReply(reply)
      await this.loadReplies()
    },
    async deleteReply(id) {
      await api.deleteReply(id)
      await this.loadReplies()
    },

    setFilter(value) {
      status.value = value
      loadSessions().catch(showFailure)
    },
    setAssigneeFilter(value) {
      assignee.value = value
      loadSessions().catch(showFailure)
    },
    setSiteFilter(value) {
      site.value = value
      loadSessions().catch(showFailure)
    },

    // The sites the widget runs on; an owner adds and changes them and their keys (the sites
    // dialog shows failures).
    async loadSites() {
      sites.value = (await api.listSites()).sites
    },
    siteName(siteId) {
      return sites.value.find((known) => known.id === siteId)?.name ?? null
    },
    async saveSite(siteId, settings) {
      const saved = siteId ? await api.updateSite({ site_id: siteId, ...settings }) : await api.createSite(settings)
      await this.loadSites()
      return saved
    },
    async addSiteKey(siteId, publicJwk) {
      await api.addSiteKey({ site_id: siteId, public_jwk: publicJwk })
      await this.loadSites()
    },
    async removeSiteKey(siteId, kid) {
      await api.removeSiteKey(siteId, kid)
      await this.loadSites()
    },
    get me() { return me },
    // Who handles the open chat: an admin's id, or null for nobody.
    async assignTo(assigneeId) {
      try { keep((await api.assign(currentId.value, assigneeId)).session) } catch (failure) { showFailure(failure) }
    },

    // remember: a new entry in the browser's history (not when following the address itself);
    // atSeq: the message to show (a search's find) rather than the newest.
    async openChat(chatId, { remember = true, atSeq = null } = {}) {
      if (!sessions.value.has(chatId)) keep(fromApi((await api.getSession(chatId)).session))
      batch(() => { currentId.value = chatId; error.value = ''; revealSeq.value = atSeq })
      if (remember && chatInAddress(place) !== chatId) place.history.pushState(null, '', addressOf(place, chatId))
    },
    closeView() {
      currentId.value = null
      place.history.pushState(null, '', addressOf(place, null))
    },

    // The conversation on screen registers itself; live messages for it go there, and what
    // it shows is read (keepReading). Returns the release.
    showing(conversation) {
      openConversation = conversation
      const stopCounting = conversation.messages.subscribe((messages) => {
        const session = sessions.value.get(conversation.chatId)
        const last = messages.at(-1)?.seq ?? 0
        if (session && last > (session.message_count ?? 0)) keep({ id: session.id, message_count: last })
      })
      const stopReading = keepReading(api, conversation, { onRead: () => keep({ id: conversation.chatId, unread: 0 }) })
      return () => {
        stopCounting()
        stopReading()
        if (openConversation === conversation) openConversation = null
      }
    },

    // The open chat, live: typing both ways and whether the customer is on the page now
    // (Realtime Presence) on its private channel; which colleagues have it open too, on its
    // admins-only channel (two more channels, while a chat is open). onCustomerTyping(bool),
    // onColleagueTyping(name or null) and onColleagues(names) follow them; returns { typed, sent, stop }.
    inChat(conversation, { onCustomerTyping, onColleagueTyping, onColleagues }) {
      const watching = typingWatcher(onCustomerTyping)
      const watchingColleague = typingWatcher((who) => onColleagueTyping(who || null))
      const channel = joinRoom(`chat:${conversation.chatId}`, {
        changes: false,
        bind: (ch) => ch
          .on('broadcast', { event: 'typing' }, ({ payload }) => {
            if (payload?.from === 'customer') watching.heard(payload.state)
            if (payload?.from === 'admin' && payload.id !== me) {
              watchingColleague.heard(payload.state, typistName(payload, 'A colleague'))
            }
          })
          .on('presence', { event: 'sync' }, () => { customerHere.value = CUSTOMER_KEY in ch.presenceState() }),
      })
      const colleaguesChannel = joinRoom(`chat-team:${conversation.chatId}`, {
        changes: false,
        presence: { key: me, meta: { name: profile.value?.display_name || 'Support' } },
        bind: (ch) => ch.on('presence', { event: 'sync' }, () => {
          onColleagues(supportNames(Object.fromEntries(Object.entries(ch.presenceState()).filter(([key]) => key !== me))))
        }),
      })
      const stopClearing = conversation.messages.subscribe((messages) => {
        const last = messages.at(-1)
        if (last?.sender_type === 'customer') watching.clear() // what they typed has arrived
        if (last?.sender_type === 'admin' && last.sender_id !== me) watchingColleague.clear()
      })
      const typing = typingSender((state) => channel.send('typing', {
        from: 'admin', id: me, name: profile.value?.display_name, state,
      }))
      return {
        typed: (text) => typing.keystroke(text),
        sent: () => typing.sent(),
        stop() {
          typing.stop()
          stopClearing()
          watching.clear()
          watchingColleague.clear()
          channel.stop()
          colleaguesChannel.stop()
          customerHere.value = null
        },
      }
    },

    async createChat(name, email) {
      const created = await api.createSession({ customer_name: name || null, customer_email: email || null })
      keep(created.session)
      await this.openChat(created.session.id)
      link.value = created
    },
    async showLink() {
      try { link.value = await api.currentLink(currentId.value) } catch (failure) { showFailure(failure) }
    },
    async rotateLink() {
      try { link.value = await api.rotateLink(currentId.value) } catch (failure) { showFailure(failure) }
    },
    async closeChat() {
      try { keep((await api.closeSession(currentId.value)).session) } catch (failure) { showFailure(failure) }
    },
    async reopenChat() {
      try { keep((await api.reopenSession(currentId.value)).session) } catch (failure) { showFailure(failure) }
    },
    // New messages, new or changed chats, read cursors and customers' presence, for every
    // admin; this admin online on the support topic, for customers to see. Returns stop().
    goLive() {
      const alert = arrivalAlerts({ sound: sound.on, play: chime().play, allowsNotification: notify.allows })
      const tick = setInterval(() => { clock.value = Date.now() }, CLOCK_TICK_MS)
      // Online for automatic assignment while the dashboard is open.
      const stopBeating = keepPresent({
        beat: () => api.noteOnline(true),
        leave: () => api.noteOnline(false, { keepalive: true }),
      })
      const support = joinRoom('support', {
        changes: false,
        presence: { key: me, meta: { name: profile.value?.display_name || 'Support' } },
        bind: (ch) => ch,
      })
      const channel = keepLive(supabase, 'dashboard', {
        bind: (ch) => ch
          .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'chat_messages' }, ({ new: message }) => {
            const session = sessions.value.get(message.chat_id)
            const isNew = isNewTo(session, message)
            if (session) keep(afterMessage(session, message, { me, isOpen: openConversation?.chatId === message.chat_id }))
            if (openConversation?.chatId === message.chat_id) openConversation.arrived([message])
            if (isNew && message.sender_id !== me) {
              alert.arrived({
                inView: openConversation?.chatId === message.chat_id,
                title: `New message from ${session ? customerName(session) : 'a customer'}`,
                body: message.content,
                tag: message.chat_id,
                onOpen: () => this.openChat(message.chat_id).catch(() => {}),
              })
            }
          })
          .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'chat_notes' }, ({ new: note }) => {
            if (openNotes?.chatId === note.chat_id) openNotes.add(note)
          })
          .on('postgres_changes', { event: '*', schema: 'public', table: 'chat_presence' }, ({ new: row }) => {
            if (row?.chat_id && sessions.value.has(row.chat_id)) keep({ id: row.chat_id, ...presenceFromChange(row) })
          })
          // Read cursors: this admin's own (moved here or in another browser) clears what it has
          // read; the open chat's customer's shows "Seen" under the replies it has read.
          .on('postgres_changes', { event: '*', schema: 'public', table: 'chat_read_cursors' }, ({ new: cursor }) => {
            if (cursor?.reader_type === 'customer' && openConversation?.chatId === cursor.chat_id) {
              openConversation.noteRead(cursor.seq)
            }
            const session = cursor?.reader_type === 'admin' && cursor.reader_id === me && sessions.value.get(cursor.chat_id)
            const update = session && afterOwnCursor(session, cursor)
            if (update) keep(update)
          })
          .on('postgres_changes', { event: '*', schema: 'public', table: 'chat_sessions' }, (change) => {
            if (change.new?.id) keep(change.new)
          })
          // This admin's own access (its row only): deactivated, out; a new role, the owner's tools come or go.
          .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'chat_admins', filter: `user_id=eq.${me}` },
            ({ new: row }) => {
              if (row?.deactivated_at) lockOut()
              else if (row?.role && row.role !== profile.value?.role) refreshEpoch().catch(showFailure)
            })
          .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'chat_realtime_epoch' }, ({ new: row }) => {
            rooms.note(row?.epoch)
          }),
        // Once changes flow (again): whatever changed meanwhile, from the API.
        onReady: () => Promise.all([loadSessions(), openConversation?.catchUp()]),
        // No renewToken: supabase-js refreshes the session itself, and keepLive hands Realtime
        // the session's token (realtime.setAuth()) before every join.
        onStatus: (value) => {
          live.value = value
          if (value === 'live' && networkFailure) {
            error.value = ''
            networkFailure = false
          }
        },
      })
      return () => {
        channel.stop()
        support.stop()
        stopBeating()
        clearInterval(tick)
        alert.stop()
      }
    },
  }
}

// A private Realtime channel that stays live. Changes are trusted only after Realtime's
// "Subscribed to PostgreSQL" system message (it comes after the join, 1-3 s later on a cold
// project), and every such message, the first and each after a reconnect, runs onReady so
// the caller backfills whatever the gap hid. A channel Realtime closes (expired token, lost
// permission, error) is dead for good in realtime-js: it is replaced, after renewing the
// token, with a growing pause between attempts. stop() releases the channel and the timer.
// A channel without postgres_changes (changes: false) is ready once joined. With presence
// ({ key, meta }), the page tracks itself after every join (a rejoin starts untracked).
// The status tells the truth: 'offline' as soon as the browser says so, 'reconnecting' while
// retrying, 'live' only once joined and caught up (onReady's promise settled).
// `topic` is a name, or a function giving the name at each join: a room's name holds the
// team's Realtime epoch (roomName), and move() joins the room of the epoch as it is now.
import { backoffDelay } from './live.js'

// The room pages meet in for broadcast and presence: base@epoch. When an admin is deactivated
// the epoch moves on (chat_realtime_epoch) and every page moves to the new rooms, which the
// deactivated admin cannot join; rooms of an epoch gone by refuse everyone.
const roomName = (base, epoch) => `${base}@${epoch}`

// The rooms a page is in, named with the team's Realtime epoch. note(epoch) takes the epoch as
// the API or a change on chat_realtime_epoch gives it; when it moved on, every room moves.
// join(supabase, base, options) is keepLive in the room `base` of the epoch at each join.
export function epochRooms() {
  let epoch = null
  const rooms = new Set()
  return {
    note(next) {
      if (next === undefined || next === epoch) return
      const moving = epoch !== null
      epoch = next
      if (moving) for (const room of rooms) room.move()
    },
    join(supabase, base, options) {
      const room = keepLive(supabase, () => roomName(base, epoch), options)
      rooms.add(room)
      return { ...room, stop() { rooms.delete(room); room.stop() } }
    },
  }
}

export function keepLive(supabase, topic, {
  bind, onReady = async () => {}, onStatus = () => {}, renewToken = async () => {}, changes = true, presence = null,
  page = globalThis.window,
}) {
  let channel = null
  let retry = null
  let attempts = 0
  let stopped = false
  const replacing = new WeakSet()
  let status = null
  const report = (next) => {
    status = next
    onStatus(page?.navigator?.onLine === false ? 'offline' : next)
  }
  // Caught up, then live; a catch-up that fails is tried again, with the growing pause.
  const ready = async (current) => {
    try {
      await onReady()
    } catch {
      if (current === channel) retry = setTimeout(() => ready(current), backoffDelay(attempts++))
      return
    }
    attempts = 0
    if (current === channel && status === 'catching-up') report('live')
  }

  const open = async () => {
    if (stopped) return
    if (channel) {
      const dead = channel
      channel = null
      await supabase.removeChannel(dead)
    }
    // The join must carry the current token: realtime-js fetches it lazily, and a private
    // channel joined with the publishable key alone is refused.
    await supabase.realtime.setAuth()
    if (stopped) return
    const config = presence ? { private: true, presence: { key: presence.key } } : { private: true }
    const current = bind(supabase.channel(typeof topic === 'function' ? topic() : topic, { config }))
      .on('system', {}, (message) => {
        if (message?.extension !== 'postgres_changes' || current !== channel || message.status !== 'ok') return
        report('catching-up')
        ready(current)
      })
    channel = current
    current.subscribe((channelStatus) => {
      if (channelStatus === 'SUBSCRIBED') {
        if (current !== channel) return
        if (presence) current.track(presence.meta).catch(() => {})
        if (changes) {
          report('joining')
        } else {
          report('catching-up')
          ready(current)
        }
      } else {
        replaceLater(current)
      }
    })
  }

  // One replacement per failed channel, however many errors it reports meanwhile.
  function replaceLater(failed) {
    if (failed !== channel || replacing.has(failed)) return
    replacing.add(failed)
    report('reconnecting')
    retry = setTimeout(async () => {
      try { await renewToken() } catch { /* the next join says whether the old token still works */ }
      if (failed === channel) open()
    }, backoffDelay(attempts++))
  }

  // The browser knows first that the network is gone; back online, the socket's own reconnect
  // (or the replacement above) brings the channel back, and with it 'live'.
  const wentOffline = () => onStatus('offline')
  const cameOnline = () => {
    if (channel?.state !== 'joined') return report(status === 'live' ? 'reconnecting' : status)
    report('catching-up') // the socket lived through it: what it may have missed, then live
    ready(channel)
  }
  page?.addEventListener('offline', wentOffline)
  page?.addEventListener('online', cameOnline)

  open()
  return {
    // A broadcast on the channel while it is joined (realtime-js would otherwise fall back to
    // its REST endpoint); dropped while it is not, as an ephemeral signal may be.
    // Returns whether it went out.
    send(event, payload) {
      if (channel?.state !== 'joined') return false
      channel.send({ type: 'broadcast', event, payload })
      return true
    },
    // Leave this room for the one the topic names now (a new epoch).
    move() {
      if (stopped) return
      clearTimeout(retry)
      report('reconnecting')
      open()
    },
    stop() {
      stopped = true
      page?.removeEventListener('offline', wentOffline)
      page?.removeEventListener('online', cameOnline)
      clearTimeout(retry)
      if (channel) supabase.removeChannel(channel)
      channel = null
    },
  }
}

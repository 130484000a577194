// A private Realtime channel that stays live. Changes are trusted only after Realtime's
// "Subscribed to PostgreSQL" system message (it comes after the join, 1-3 s later on a cold
// project), and every such message, the first and each after a reconnect, runs onReady so
// the caller backfills whatever the gap hid. A channel Realtime closes (expired token, lost
// permission, error) is dead for good in realtime-js: it is replaced, after renewing the
// token, with a growing pause between attempts. stop() releases the channel and the timer.
// A channel without postgres_changes (changes: false) is ready once joined. With presence
// ({ key, meta }), the page tracks itself after every join (a rejoin starts untracked).
import { backoffDelay } from './live.js'

export function keepLive(supabase, topic, {
  bind, onReady = () => {}, onStatus = () => {}, renewToken = async () => {}, changes = true, presence = null,
}) {
  let channel = null
  let retry = null
  let attempts = 0
  let stopped = false
  const replacing = new WeakSet()

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
    const current = bind(supabase.channel(topic, { config }))
      .on('system', {}, (message) => {
        if (message?.extension !== 'postgres_changes' || current !== channel || message.status !== 'ok') return
        attempts = 0
        onStatus('live')
        onReady()
      })
    channel = current
    current.subscribe((status) => {
      if (status === 'SUBSCRIBED') {
        if (current !== channel) return
        if (presence) current.track(presence.meta).catch(() => {})
        if (changes) {
          onStatus('joining')
        } else {
          attempts = 0
          onStatus('live')
          onReady()
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
    onStatus('reconnecting')
    retry = setTimeout(async () => {
      try { await renewToken() } catch { /* the next join says whether the old token still works */ }
      if (failed === channel) open()
    }, backoffDelay(attempts++))
  }

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
    stop() {
      stopped = true
      clearTimeout(retry)
      if (channel) supabase.removeChannel(channel)
      channel = null
    },
  }
}

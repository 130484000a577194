// Typing indicators: Realtime Broadcast on the chat's private channel, never stored. Pure
// (timers injected), so tests/web drives them with a fake clock.
export const TYPING_EVERY_MS = 3_000 // at most one "typing" event this often while typing goes on
export const TYPING_IDLE_MS = 4_000 // no keystroke this long: "stopped"
export const TYPING_STALE_MS = 6_000 // an indicator not renewed this long hides by itself
// After 'sent' the indicator waits this long for the message: Realtime delivers it up to ~0.5 s
// after it is stored (postgres_changes are polled), while the broadcast arrives at once.
export const TYPING_SENT_GRACE_MS = 3_000

const timers = { now: () => Date.now(), setTimer: (f, ms) => setTimeout(f, ms), clearTimer: (t) => clearTimeout(t) }

// The typing side. keystroke(text) on real input in the reply box (an empty box stops);
// sent() when the message is sent; stop() when the page leaves the chat. send(state)
// broadcasts 'typing', 'sent' or 'stopped', and returns false when it could not.
export function typingSender(send, { now, setTimer, clearTimer } = timers) {
  let lastSent = 0
  let idle = null
  let typing = false
  const end = (state) => {
    clearTimer(idle)
    idle = null
    if (!typing) return
    typing = false
    send(state)
  }
  const stop = () => end('stopped')
  return {
    keystroke(text) {
      if (!text.trim()) return stop()
      clearTimer(idle)
      idle = setTimer(stop, TYPING_IDLE_MS)
      // A signal the channel could not send yet (still joining) is tried again on the next key.
      if ((!typing || now() - lastSent >= TYPING_EVERY_MS) && send('typing') !== false) {
        typing = true
        lastSent = now()
      }
    },
    sent: () => end('sent'),
    stop,
  }
}

// Who a broadcast says is typing: its name as the typist's page sent it, kept short.
export const typistName = (payload, otherwise) => String(payload?.name || otherwise).slice(0, 100)

// The watching side: show(who) on 'typing' (who: the typist's name, or true); show(false) on
// 'stopped' (or a state it does not know), on a message from the typist (clear()), or when no
// 'typing' came for TYPING_STALE_MS. 'sent' keeps a shown indicator until the message arrives,
// for at most TYPING_SENT_GRACE_MS, so nothing flickers between the two.
export function typingWatcher(show, { setTimer, clearTimer } = timers) {
  let stale = null // the timer that hides the indicator; null while nothing shows
  const clear = () => {
    clearTimer(stale)
    stale = null
    show(false)
  }
  const hideAfter = (ms) => {
    clearTimer(stale)
    stale = setTimer(clear, ms)
  }
  return {
    heard(state, who = true) {
      if (state === 'sent') {
        if (stale !== null) hideAfter(TYPING_SENT_GRACE_MS) // only an indicator that shows waits
        return
      }
      if (state !== 'typing') return clear()
      hideAfter(TYPING_STALE_MS)
      show(who)
    },
    clear,
  }
}

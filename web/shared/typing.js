// Typing indicators: Realtime Broadcast on the chat's private channel, never stored. Pure
// (timers injected), so tests/web drives them with a fake clock.
export const TYPING_EVERY_MS = 3_000 // at most one "typing" event this often while typing goes on
export const TYPING_IDLE_MS = 4_000 // no keystroke this long: "stopped"
export const TYPING_STALE_MS = 6_000 // an indicator not renewed this long hides by itself

const timers = { now: () => Date.now(), setTimer: (f, ms) => setTimeout(f, ms), clearTimer: (t) => clearTimeout(t) }

// The typing side. keystroke(text) on real input in the reply box (an empty box stops);
// stop() when the message is sent. send(state) broadcasts 'typing' or 'stopped', and returns
// false when it could not.
export function typingSender(send, { now, setTimer, clearTimer } = timers) {
  let lastSent = 0
  let idle = null
  let typing = false
  const stop = () => {
    clearTimer(idle)
    idle = null
    if (!typing) return
    typing = false
    send('stopped')
  }
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
    stop,
  }
}

// Who a broadcast says is typing: its name as the typist's page sent it, kept short.
export const typistName = (payload, otherwise) => String(payload?.name || otherwise).slice(0, 100)

// The watching side: show(who) on 'typing' (who: the typist's name, or true), show(false) on
// 'stopped', on a message from the typist (clear()), or when no 'typing' came for
// TYPING_STALE_MS.
export function typingWatcher(show, { setTimer, clearTimer } = timers) {
  let stale = null
  const clear = () => {
    clearTimer(stale)
    stale = null
    show(false)
  }
  return {
    heard(state, who = true) {
      if (state !== 'typing') return clear()
      clearTimer(stale)
      stale = setTimer(clear, TYPING_STALE_MS)
      show(who)
    },
    clear,
  }
}

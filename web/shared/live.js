// Words and timing of a live connection. Pure.

// What the connection indicator says for each state of keepLive (realtime.js).
export const liveText = { joining: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline',
  'catching-up': 'Connecting…' }

// The pause before the attempt-th retry (a closed channel, an unsent message): 1 s, doubling, at most 30 s.
export const backoffDelay = (attempt) => Math.min(30_000, 1_000 * 2 ** attempt)

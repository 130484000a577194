// Words and timing of a live connection. Pure.

// What the connection indicator says for each state of keepLive (realtime.js).
export const liveText = { joining: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' }

// The pause before the attempt-th attempt to replace a closed channel: 1 s, doubling, at most 30 s.
export const reconnectDelay = (attempt) => Math.min(30_000, 1_000 * 2 ** attempt)

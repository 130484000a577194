// What a page does while a conversation is on screen: what it shows is read. The highest seq
// shown goes to the API as the reader's cursor whenever it grows while the page is visible,
// and when the page becomes visible again; the server keeps it (every browser and device
// agrees) and never moves it back. Returns stop().
export function keepReading(api, conversation, { onRead = () => {}, page = globalThis.document } = {}) {
  let marked = 0
  const read = () => {
    const last = conversation.messages.value.at(-1)?.seq ?? 0
    if (page.visibilityState !== 'visible' || last <= marked) return
    marked = last
    onRead(last)
    api.markRead(conversation.chatId, last).catch(() => { marked = 0 }) // tried again on the next change
  }
  const stopWatching = conversation.messages.subscribe(read)
  page.addEventListener('visibilitychange', read)
  return () => {
    stopWatching()
    page.removeEventListener('visibilitychange', read)
  }
}

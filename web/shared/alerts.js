// Alerts while the page is not being looked at: messages from others that arrive while it is
// hidden are counted in the tab title, "(2) Chat with support", until it is shown again.
export function titleAlert({ page = globalThis.document } = {}) {
  const base = page.title
  let unseen = 0
  const show = () => { page.title = unseen ? `(${unseen}) ${base}` : base }
  const onVisibility = () => {
    if (page.visibilityState !== 'visible') return
    unseen = 0
    show()
  }
  page.addEventListener('visibilitychange', onVisibility)
  return {
    // A message from someone else arrived (never call it for one's own).
    arrived() {
      if (page.visibilityState === 'visible') return
      unseen += 1
      show()
    },
    stop() {
      page.removeEventListener('visibilitychange', onVisibility)
      unseen = 0
      show()
    },
  }
}

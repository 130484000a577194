// The pages' service worker, for web push only: it shows what the notifier pushed (a chat's
// newest unread message) while no page of ours is in front, and a click opens that chat.
// Registered by push.js with the scope /shared/: it controls no page, and needs none.

self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))

self.addEventListener('push', (event) => {
  const push = event.data ? event.data.json() : {}
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
    // The page itself alerts when it is in front (alerts.js); the push is for when it is not.
    if (windows.some((client) => client.visibilityState === 'visible' && client.url === push.url)) return
    await self.registration.showNotification(push.title || 'New message', {
      body: push.body || '', tag: push.tag, renotify: Boolean(push.tag), data: { url: push.url },
    })
  })())
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const url = event.notification.data?.url
  if (!url) return
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
    const open = windows.find((client) => client.url === url)
    return open ? open.focus() : self.clients.openWindow(url)
  })())
})

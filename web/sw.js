// Lets the page open without a network, so a volunteer who reloads on a weak link still sees
// (and later sends) what is waiting in the outbox. Network first: online, files are always fresh;
// a network that has not answered within NETWORK_WAIT gives way to the stored copy, and its
// answer, when it comes, refreshes the store for the next time.
const CACHE = 'dialogcafe-v1';
const NETWORK_WAIT = 4000;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname === '/ws' || url.pathname === '/healthz') return;
  const key = url.origin + (url.pathname === '/index.html' ? '/' : url.pathname);
  const network = fetch(req);
  // Registered before the page gets the response, so the copy is taken before its body is read.
  event.waitUntil(network.then((res) => {
    if (res.ok && res.type === 'basic') { const copy = res.clone(); return caches.open(CACHE).then((c) => c.put(key, copy)); }
  }).catch(() => {}));
  const waited = new Promise((resolve) => setTimeout(resolve, NETWORK_WAIT));
  event.respondWith((async () => {
    const stored = caches.match(key);
    try {
      return await Promise.race([network, waited.then(async () => (await stored) || network)]);
    } catch (err) {
      const hit = await stored;
      if (hit) return hit;
      throw err;
    }
  })());
});

// Lets the page open without a network, so a volunteer who reloads on a weak link still sees
// (and later sends) what is waiting in the outbox. Network first: online, files are always fresh;
// a page whose network has not answered within NETWORK_WAIT gives way to the stored copy, and
// the network's answer, when it comes, refreshes the store for the next time.
//
// One page load never mixes two versions of the files (which, after an update, could leave a
// module importing what its stored neighbour lacks): the page itself decides. Served from the
// store, its files come from the store; served fresh, its files wait for the network and fall
// back to the store only when the network fails.
const CACHE = 'dialogcafe-v1';
const NETWORK_WAIT = 4000;

/** Whether the page being loaded came from the store (set by its navigation request). */
let pageFromStore = false;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname === '/ws' || url.pathname === '/healthz') return;
  const key = url.origin + (url.pathname === '/index.html' ? '/' : url.pathname);
  const navigation = req.mode === 'navigate';
  const network = fetch(req);
  // Registered before the page gets the response, so the copy is taken before its body is read.
  event.waitUntil(network.then((res) => {
    if (res.ok && res.type === 'basic') { const copy = res.clone(); return caches.open(CACHE).then((c) => c.put(key, copy)); }
  }).catch(() => {}));
  event.respondWith((async () => {
    const stored = caches.match(key);
    if (!navigation) {
      if (pageFromStore) return (await stored) || network;
      try { return await network; } catch (err) { const hit = await stored; if (hit) return hit; throw err; }
    }
    const waited = new Promise((resolve) => setTimeout(resolve, NETWORK_WAIT));
    try {
      const fresh = network.then((res) => { pageFromStore = false; return res; });
      const fallback = waited.then(async () => {
        const hit = await stored;
        if (!hit) return fresh;
        pageFromStore = true;
        return hit;
      });
      return await Promise.race([fresh, fallback]);
    } catch (err) {
      const hit = await stored;
      if (hit) { pageFromStore = true; return hit; }
      throw err;
    }
  })());
});

// Lets the page open without a network, so a volunteer who reloads on a weak link still sees
// (and later sends) what is waiting in the outbox. Network first: online, files are always fresh;
// a page whose network has not answered within NETWORK_WAIT gives way to the stored copy.
//
// One page load never mixes two versions of the files (which, after an update, could leave a
// module importing what its stored neighbour lacks): the page itself decides. Served from the
// store, its files come from the store; served fresh, its files wait for the network and fall
// back to the store only when the network fails. Nor does the store: a page served fresh
// refreshes each file it loads, and a page served from the store, once the network answers its
// load after all, has the whole client fetched again and stored at once, or not at all.
const CACHE = 'dialogcafe-v1';
const NETWORK_WAIT = 4000;

/** Per page (client id): whether it came from the store, as its navigation decided. */
const fromStore = new Map();

/**
 * What a page needs to open without a network, stored as the worker installs. A phone's first
 * visit fetches all of it before the worker runs, so nothing would pass through the worker and
 * be stored, and a tab reloaded offline afterwards would find nothing. A file that cannot be
 * fetched now is left for the network-first path below to store later.
 */
const SHELL = [
  '/', '/css/app.css', '/js/app.js', '/js/csv.js', '/js/dom.js', '/js/facilitator.js', '/js/feedback.js', '/js/i18n.js',
  '/js/matrix.js', '/js/participant.js', '/js/projector.js', '/js/protocol.js', '/js/results.js', '/js/state.js', '/js/ui.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE)
    .then((cache) => Promise.all(SHELL.map((path) => cache.add(path).catch(() => {}))))
    .then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname === '/ws' || url.pathname === '/healthz') return;
  const key = url.origin + (url.pathname === '/index.html' ? '/' : url.pathname);
  const navigation = req.mode === 'navigate';
  const page = (navigation ? event.resultingClientId : event.clientId) || '';
  if (!navigation && fromStore.get(page)) {
    // Its page came from the store: so do its files, with no trip to the network.
    event.respondWith(caches.match(key).then((hit) => hit || fetch(req)));
    return;
  }
  if (navigation) event.waitUntil(storeStaged().catch(() => {}));
  const network = fetch(req);
  // A page's answer refreshes the store only once the race below has decided how it was served.
  let served;
  const servedFresh = navigation ? new Promise((resolve) => { served = resolve; }) : Promise.resolve(true);
  // The copy is taken before the page reads the body.
  const copy = network.then((res) => (res.ok && res.type === 'basic' ? res.clone() : null));
  event.waitUntil(Promise.all([copy, servedFresh])
    .then(([res, fresh]) => {
      if (!res) return undefined;
      return fresh ? caches.open(CACHE).then((c) => c.put(key, res)) : refreshShell();
    })
    .catch(() => {}));
  event.respondWith((async () => {
    const stored = caches.match(key);
    if (!navigation) {
      try { return await answered(network); } catch (err) { const hit = await stored; if (hit) return hit; return refusal(err); }
    }
    // Only the answer that wins the race decides where the page's files come from.
    let decided = false;
    const decide = (store) => {
      if (decided) return;
      decided = true;
      served(!store);
      fromStore.set(page, store);
      if (fromStore.size > 50) fromStore.delete(fromStore.keys().next().value); // tabs long closed
    };
    const waited = new Promise((resolve) => setTimeout(resolve, NETWORK_WAIT));
    try {
      const fresh = answered(network).then((res) => { decide(false); return res; });
      const fallback = waited.then(async () => {
        const hit = await stored;
        if (!hit) return fresh;
        decide(true);
        return hit;
      });
      return await Promise.race([fresh, fallback]);
    } catch (err) {
      const hit = await stored;
      if (hit) { decide(true); return hit; }
      decide(false);
      return refusal(err);
    }
  })());
});

/** The whole client fetched again after a page was served from the store, waiting to be stored. */
let staged = null;

/**
 * Fetches every file of the client, to be stored together, or, if any fails, not at all: a page
 * read from the store fetched none of its files, and the store must stay one version.
 */
async function refreshShell() {
  staged = await Promise.all(SHELL.map(async (path) => {
    const res = await fetch(path);
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return [self.location.origin + path, res];
  }));
  await storeStaged();
}

/**
 * Stores the staged client once no open page reads the store: one that did would otherwise load
 * a view's module (imported when first shown) from the newer version. Tried again on each page load.
 */
async function storeStaged() {
  if (!staged) return;
  const open = await self.clients.matchAll({ type: 'window' });
  if (open.some((client) => fromStore.get(client.id))) return;
  const answers = staged;
  staged = null;
  const cache = await caches.open(CACHE);
  await Promise.all(answers.map(([key, res]) => cache.put(key, res)));
}

/**
 * The network's answer, unless the server is not there: a proxy's 502, 503 or 504 (the server
 * restarting) counts as no answer, so a stored copy is used instead when there is one.
 */
async function answered(network) {
  const res = await network;
  if (res.status >= 500) throw Object.assign(new Error('server unavailable'), { res });
  return res;
}

/** With nothing stored, the proxy's own answer, else the network error. */
function refusal(err) {
  if (err.res) return err.res;
  throw err;
}

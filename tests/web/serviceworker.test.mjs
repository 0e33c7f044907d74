// node --test tests/web — the service worker's choice between the network and the stored copy,
// with the worker's globals (fetch, caches, timers) stood in for.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';

const handlers = {};
globalThis.self = {
  location: { origin: 'https://cafe.test' }, addEventListener: (type, fn) => { handlers[type] = fn; },
  clients: { claim() {}, matchAll: async () => openPages.map((id) => ({ id })) },
  skipWaiting() {},
};
let openPages = []; // the tabs open now, by client id
const stored = new Map();
let unreachable = new Set(); // paths whose fetch fails while the worker installs
globalThis.caches = {
  match: async (key) => stored.get(key),
  open: async () => ({
    put: async (key, res) => { stored.set(key, res); },
    add: async (path) => {
      if (unreachable.has(path)) throw new TypeError('offline');
      stored.set(`https://cafe.test${path}`, new Response(`shell ${path}`));
    },
  }),
};
let network = null; // what the next fetch returns, or a function of the path giving it
const fetched = []; // every path fetched
globalThis.fetch = (req) => {
  const path = typeof req === 'string' ? req : new URL(req.url).pathname;
  fetched.push(path);
  return typeof network === 'function' ? network(path) : network;
};
await import('../../web/sw.js');

/** Fakes setTimeout: with an options object since Node 20.11, with a list before (Debian 12 ships Node 18). */
function mockTimeouts() {
  try {
    mock.timers.enable({ apis: ['setTimeout'] });
  } catch {
    mock.timers.enable(['setTimeout']);
  }
}

/** Runs `body` with faked timers, then puts the real ones back and closes every tab. */
async function withFakeTimers(body) {
  mockTimeouts();
  try {
    await body();
  } finally {
    mock.timers.reset();
    openPages = [];
  }
}

class Response {
  constructor(body, status = 200) { this.body = body; this.status = status; this.ok = status < 400; this.type = 'basic'; }
  clone() { return new Response(this.body, this.status); }
}

/** Dispatches a fetch of `path` (a page load with `mode: 'navigate'`); returns the promise given to respondWith and the waitUntil ones. */
function request(path, mode = 'no-cors', page = 'tab-1') {
  let answer = null;
  const lifetime = [];
  handlers.fetch({
    request: { method: 'GET', url: `https://cafe.test${path}`, mode },
    clientId: mode === 'navigate' ? '' : page,
    resultingClientId: mode === 'navigate' ? page : '',
    respondWith: (p) => { answer = p; },
    waitUntil: (p) => lifetime.push(p),
  });
  return { answer, lifetime };
}

test('installing stores every file of the web client, so a tab reloaded offline after the first visit opens', async () => {
  stored.clear();
  unreachable = new Set(['/js/results.js']);
  const installing = [];
  handlers.install({ waitUntil: (p) => installing.push(p) });
  await Promise.all(installing);
  const { readdirSync } = await import('node:fs');
  const web = new URL('../../web/', import.meta.url);
  const files = ['/', ...readdirSync(new URL('css/', web)).map((f) => `/css/${f}`), ...readdirSync(new URL('js/', web)).map((f) => `/js/${f}`)];
  const missing = files.filter((f) => !stored.has(`https://cafe.test${f}`));
  assert.deepEqual(missing, ['/js/results.js'], 'every file but the one that could not be fetched');
  unreachable = new Set();
});

test('a proxy answering 502 while the server restarts gives way to the stored page and files at once', async () => {
  stored.clear();
  stored.set('https://cafe.test/', new Response('stored page'));
  stored.set('https://cafe.test/js/app.js', new Response('stored app'));
  network = Promise.resolve(new Response('Bad Gateway', 502));
  const { answer } = request('/', 'navigate', 'tab-502');
  assert.equal((await answer).body, 'stored page', 'without waiting for the 4 s fallback (no timers run here)');
  network = Promise.resolve(new Response('Bad Gateway', 502));
  assert.equal((await request('/js/app.js', 'no-cors', 'tab-fresh').answer).body, 'stored app');
  network = Promise.resolve(new Response('Bad Gateway', 502));
  const nothing = await request('/js/none.js', 'no-cors', 'tab-fresh').answer;
  assert.equal(nothing.status, 502, 'with nothing stored, the proxy\'s own answer');
});

test('online, the network answers and its copy is stored', async () => {
  stored.clear();
  network = Promise.resolve(new Response('fresh'));
  const { answer, lifetime } = request('/js/app.js');
  assert.equal((await answer).body, 'fresh');
  await Promise.all(lifetime);
  assert.equal(stored.get('https://cafe.test/js/app.js').body, 'fresh');
});

test('offline, the stored copy answers', async () => {
  stored.clear();
  stored.set('https://cafe.test/', new Response('stored page'));
  network = Promise.reject(new TypeError('offline'));
  const { answer } = request('/index.html', 'navigate');
  assert.equal((await answer).body, 'stored page');
});

/** A page load left waiting for the network, served from the store after 4 s; returns the way to let the network answer. */
async function loadFromStoreOnASlowLink(page) {
  let arrive;
  network = new Promise((resolve) => { arrive = resolve; });
  const { answer, lifetime } = request('/', 'navigate', page);
  let settled = null;
  answer.then((res) => { settled = res.body; });
  mock.timers.tick(3900);
  await new Promise((r) => setImmediate(r));
  assert.equal(settled, null, 'the network still has time');
  mock.timers.tick(200);
  await new Promise((r) => setImmediate(r));
  assert.equal(settled, 'stored page');
  return { arrive, lifetime };
}

test('a network that does not answer a page load gives way to the stored page after a few seconds; its late answer has the whole client stored again, once the page is gone', () => withFakeTimers(async () => {
  stored.clear();
  stored.set('https://cafe.test/', new Response('stored page'));
  stored.set('https://cafe.test/js/facilitator.js', new Response('stored facilitator'));
  openPages = ['tab-late'];
  const { arrive, lifetime } = await loadFromStoreOnASlowLink('tab-late');
  network = (path) => Promise.resolve(new Response(`new ${path}`));
  arrive(new Response('late page'));
  await Promise.all(lifetime);
  assert.equal(stored.get('https://cafe.test/js/facilitator.js').body, 'stored facilitator',
    'a view the open page imports later still comes from its version');
  openPages = [];
  network = Promise.reject(new TypeError('offline'));
  await Promise.all(request('/', 'navigate', 'tab-next').lifetime);
  assert.equal(stored.get('https://cafe.test/js/facilitator.js').body, 'new /js/facilitator.js');
  assert.equal(stored.get('https://cafe.test/js/app.js').body, 'new /js/app.js');
  assert.equal(stored.get('https://cafe.test/').body, 'new /');
}));

test('the late refresh stores the whole client or nothing: one file that fails leaves the store as it was', () => withFakeTimers(async () => {
  stored.clear();
  stored.set('https://cafe.test/', new Response('stored page'));
  stored.set('https://cafe.test/js/app.js', new Response('stored app'));
  const { arrive, lifetime } = await loadFromStoreOnASlowLink('tab-partial');
  network = (path) => (path === '/js/ui.js' ? Promise.reject(new TypeError('offline')) : Promise.resolve(new Response(`new ${path}`)));
  arrive(new Response('late page'));
  await Promise.all(lifetime);
  assert.equal(stored.get('https://cafe.test/').body, 'stored page');
  assert.equal(stored.get('https://cafe.test/js/app.js').body, 'stored app');
}));

test('a page served from the store takes its files from the store, without waiting; another tab decides for itself', async () => {
  stored.clear();
  stored.set('https://cafe.test/', new Response('stored page'));
  stored.set('https://cafe.test/js/app.js', new Response('stored app'));
  network = Promise.reject(new TypeError('offline'));
  assert.equal((await request('/', 'navigate', 'tab-2').answer).body, 'stored page');
  network = new Promise(() => {}); // the network has come back, slowly: still one version
  const before = fetched.length;
  assert.equal((await request('/js/app.js', 'no-cors', 'tab-2').answer).body, 'stored app');
  assert.equal(fetched.length, before, 'and no trip to the network for it');
  network = Promise.resolve(new Response('new page'));
  assert.equal((await request('/', 'navigate', 'tab-3').answer).body, 'new page');
  network = Promise.resolve(new Response('new app'));
  assert.equal((await request('/js/app.js', 'no-cors', 'tab-3').answer).body, 'new app');
});

test('the late network answer to a page served from the store does not change where its files come from', () => withFakeTimers(async () => {
  stored.clear();
  stored.set('https://cafe.test/', new Response('stored page'));
  stored.set('https://cafe.test/js/ui.js', new Response('stored ui'));
  let arrive;
  network = new Promise((resolve) => { arrive = resolve; });
  openPages = ['tab-4'];
  const { answer } = request('/', 'navigate', 'tab-4');
  mock.timers.tick(4100);
  assert.equal((await answer).body, 'stored page');
  arrive(new Response('late page'));
  await new Promise((r) => setImmediate(r));
  network = Promise.resolve(new Response('new ui'));
  assert.equal((await request('/js/ui.js', 'no-cors', 'tab-4').answer).body, 'stored ui');
}));

test('a page served fresh waits for its files from the network, so one page never mixes two versions', () => withFakeTimers(async () => {
  stored.clear();
  stored.set('https://cafe.test/js/participant.js', new Response('old participant'));
  network = Promise.resolve(new Response('new page'));
  assert.equal((await request('/', 'navigate').answer).body, 'new page');
  let arrive;
  network = new Promise((resolve) => { arrive = resolve; });
  const { answer } = request('/js/participant.js');
  let settled = null;
  answer.then((res) => { settled = res.body; });
  mock.timers.tick(10_000);
  await new Promise((r) => setImmediate(r));
  assert.equal(settled, null, 'no stored copy of another version while the network is slow');
  arrive(new Response('new participant'));
  await new Promise((r) => setImmediate(r));
  assert.equal(settled, 'new participant');
  network = Promise.reject(new TypeError('offline'));
  assert.equal((await request('/js/participant.js').answer).body, 'new participant', 'the store answers when the network fails');
}));

test('the API, the socket and other sites are left to the browser', () => {
  for (const url of ['https://cafe.test/api/meetings/K7/qr.svg', 'https://cafe.test/ws', 'https://other.test/x.js']) {
    let answered = false;
    handlers.fetch({ request: { method: 'GET', url }, respondWith: () => { answered = true; }, waitUntil() {} });
    assert.equal(answered, false, url);
  }
});

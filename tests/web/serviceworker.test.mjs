// node --test tests/web — the service worker's choice between the network and the stored copy,
// with the worker's globals (fetch, caches, timers) stood in for.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';

const handlers = {};
globalThis.self = { location: { origin: 'https://cafe.test' }, addEventListener: (type, fn) => { handlers[type] = fn; }, clients: { claim() {} } };
const stored = new Map();
globalThis.caches = {
  match: async (key) => stored.get(key),
  open: async () => ({ put: async (key, res) => { stored.set(key, res); } }),
};
let network = null; // what the next fetch returns
globalThis.fetch = () => network;
await import('../../web/sw.js');

class Response {
  constructor(body) { this.body = body; this.ok = true; this.type = 'basic'; }
  clone() { return new Response(this.body); }
}

/** Dispatches a fetch of `path`; returns the promise given to respondWith and the waitUntil ones. */
function request(path) {
  let answer = null;
  const lifetime = [];
  handlers.fetch({
    request: { method: 'GET', url: `https://cafe.test${path}` },
    respondWith: (p) => { answer = p; },
    waitUntil: (p) => lifetime.push(p),
  });
  return { answer, lifetime };
}

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
  const { answer } = request('/index.html');
  assert.equal((await answer).body, 'stored page');
});

test('a network that does not answer gives way to the stored copy after a few seconds, and refreshes it later', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    stored.clear();
    stored.set('https://cafe.test/css/app.css', new Response('stored css'));
    let arrive;
    network = new Promise((resolve) => { arrive = resolve; });
    const { answer, lifetime } = request('/css/app.css');
    let settled = null;
    answer.then((res) => { settled = res.body; });
    mock.timers.tick(3900);
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, null, 'the network still has time');
    mock.timers.tick(200);
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, 'stored css');
    arrive(new Response('late css'));
    await Promise.all(lifetime);
    assert.equal(stored.get('https://cafe.test/css/app.css').body, 'late css');
  } finally {
    mock.timers.reset();
  }
});

test('the API, the socket and other sites are left to the browser', () => {
  for (const url of ['https://cafe.test/api/meetings/K7/qr.svg', 'https://cafe.test/ws', 'https://other.test/x.js']) {
    let answered = false;
    handlers.fetch({ request: { method: 'GET', url }, respondWith: () => { answered = true; }, waitUntil() {} });
    assert.equal(answered, false, url);
  }
});

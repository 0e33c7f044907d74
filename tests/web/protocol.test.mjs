// node --test tests/web — the WebSocket client's outbox, resend with the same id, and resume order,
// against a fake socket and an in-memory localStorage.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { storage } from './page-globals.mjs';

globalThis.location = { protocol: 'http:', host: 'cafe.test' };

const sockets = [];
class FakeSocket {
  constructor(url, protocol) { this.url = url; this.protocol = protocol; this.readyState = 0; this.sent = []; sockets.push(this); }
  send(text) { this.sent.push(JSON.parse(text)); }
  close() { if (this.readyState === 3) return; this.readyState = 3; this.onclose?.(); }
  // test side
  accept() { this.readyState = 1; this.onopen?.(); }
  reply(msg) { this.onmessage?.({ data: JSON.stringify(msg) }); }
}
globalThis.WebSocket = FakeSocket;
// Browsers have Web Crypto; Node has it as a global only from version 19 (Debian 12 ships 18).
globalThis.crypto ??= (await import('node:crypto')).webcrypto;

const { Connection, newId } = await import('../../web/js/protocol.js');
const tick = () => new Promise((r) => setTimeout(r, 0));

function client(extra = {}) {
  const events = [];
  const settled = [];
  const c = new Connection({
    handshake: () => ({ type: 'resume', token: 'K7.p1.x', after: 7 }),
    outboxKey: () => 'dk.outbox.K7',
    onEvent: (seq, ev) => events.push([seq, ev.kind]),
    ...extra,
  });
  c.onSettled = (id, outcome) => settled.push([id, outcome.ok]);
  return { c, events, settled };
}

beforeEach(() => { storage.clear(); sockets.length = 0; });

/** Opens the newest socket and answers its handshake; returns the socket. */
async function acceptNewest(seq = 7) {
  const ws = sockets[sockets.length - 1];
  ws.accept();
  ws.reply({ type: 'ack', id: ws.sent[0].id, seq, result: {} });
  await tick();
  return ws;
}

/** A client whose socket is open and whose resume was answered. */
async function onlineClient(extra = {}) {
  const { c } = client(extra);
  c.start();
  return { c, ws: await acceptNewest() };
}


test('ids are unique and long enough', () => {
  const ids = new Set(Array.from({ length: 1000 }, newId));
  assert.equal(ids.size, 1000);
  for (const id of ids) assert.ok(id.length >= 16);
});

test('connects with the subprotocol, resumes first, then flushes the outbox', async () => {
  storage.set('dk.outbox.K7', JSON.stringify([{ type: 'add_input', id: 'a1', kind: 'idea', text: 'kvar från förra sidan' }]));
  const { c, events, settled } = client();
  c.start();
  const ws = sockets[0];
  assert.equal(ws.url, 'ws://cafe.test/ws');
  assert.equal(ws.protocol, 'dialogcafe.v1');
  ws.accept();
  assert.equal(ws.sent.length, 1);
  assert.deepEqual({ ...ws.sent[0], id: undefined }, { type: 'resume', token: 'K7.p1.x', after: 7, id: undefined });
  ws.reply({ type: 'event', seq: 9, event: { kind: 'input_added', at: 1 } });
  ws.reply({ type: 'ack', id: ws.sent[0].id, seq: 9, result: { participant: 'p1', code: 'K7' } });
  await tick();
  assert.deepEqual(events, [[9, 'input_added']]);
  assert.equal(c.status, 'online');
  assert.deepEqual(ws.sent.slice(1).map((m) => m.id), ['a1']);
  ws.reply({ type: 'ack', id: 'a1', seq: 10, result: { input: 'i4' } });
  assert.deepEqual(settled, [['a1', true]]);
  assert.equal(storage.get('dk.outbox.K7'), undefined);
  c.stop();
});

test('a durable command sent offline waits, survives a new client, and is sent once with the same id', async () => {
  const first = client();
  first.c.start();
  sockets[0].close(); // the network is gone before the socket ever opened
  const { id } = first.c.send('add_input', { kind: 'proposal', text: 'Bättre kollektivtrafik' }, { durable: true });
  assert.equal(JSON.parse(storage.get('dk.outbox.K7')).length, 1);
  first.c.stop();

  // a reload: a new client over the same storage
  const second = client();
  second.c.start();
  const ws = sockets.at(-1);
  ws.accept();
  ws.reply({ type: 'ack', id: ws.sent[0].id, seq: 3, result: {} });
  await tick();
  const resent = ws.sent.filter((m) => m.type === 'add_input');
  assert.deepEqual(resent.map((m) => [m.id, m.text]), [[id, 'Bättre kollektivtrafik']]);
  ws.reply({ type: 'ack', id, seq: 4, result: { input: 'i9' } });
  assert.deepEqual(second.settled, [[id, true]]);
  assert.equal(storage.get('dk.outbox.K7'), undefined);
  second.c.stop();
});

test('commands left unanswered when a facilitator leaves a meeting never reach the next one', async () => {
  const { c } = client({ handshake: () => null });
  c.start();
  sockets[0].accept();
  sockets[0].close(); // the laptop's Wi-Fi drops
  const { done } = c.send('close_meeting', {});
  const outcome = done.then(() => 'acked', () => 'rejected');
  c.discardPending(); // "another meeting"
  c.restart();
  const ws = sockets.at(-1);
  ws.accept();
  await tick();
  assert.deepEqual(ws.sent.filter((m) => m.type === 'close_meeting'), []);
  assert.equal(await outcome, 'rejected');
  c.stop();
});

test('a command in flight when the socket drops is sent again with the same id on the next socket', async () => {
  const { c } = client({ handshake: () => null });
  c.start();
  sockets[0].accept();
  await tick();
  const { id, done } = c.send('add_tables', { count: 2 });
  assert.equal(sockets[0].sent.at(-1).id, id);
  sockets[0].close();
  c.reconnectNow();
  const ws = sockets.at(-1);
  ws.accept();
  await tick();
  assert.deepEqual(ws.sent.map((m) => m.id), [id]);
  ws.reply({ type: 'ack', id, seq: 5, result: { tables: ['t1', 't2'] } });
  assert.deepEqual(await done, { tables: ['t1', 't2'] });
  c.stop();
});

test('a refused command leaves the outbox and reports the error in both languages', async () => {
  const { c, settled } = client({ handshake: () => null });
  c.start();
  sockets[0].accept();
  await tick();
  const { id, done } = c.send('add_input', { kind: 'idea', text: 'x' }, { durable: true });
  sockets[0].reply({ type: 'error', id, code: 'no_running_round', message: 'No round is running right now.', message_sv: 'Ingen runda pågår just nu.' });
  await assert.rejects(done, (e) => e.code === 'no_running_round' && e.message_sv === 'Ingen runda pågår just nu.');
  assert.deepEqual(settled, [[id, false]]);
  assert.equal(storage.get('dk.outbox.K7'), undefined);
  c.stop();
});

test('a bad token the page keeps is reported and the connection stops trying', async () => {
  const errors = [];
  const { c } = client({ onHandshakeError: (e) => errors.push(e.code) });
  c.start();
  sockets[0].accept();
  sockets[0].reply({ type: 'error', id: sockets[0].sent[0].id, code: 'bad_token', message: 'bad', message_sv: 'fel' });
  await tick();
  assert.deepEqual(errors, ['bad_token']);
  assert.equal(c.status, 'refused');
  c.stop();
});

test('after a refused resume the page forgets the seat, and a new join goes out on the same socket', { timeout: 5000 }, async () => {
  let seat = true;
  const errors = [];
  const { c } = client({
    handshake: () => (seat ? { type: 'resume', token: 'K7.p1.x', after: 7 } : null),
    onHandshakeError: (e) => { errors.push(e.code); seat = false; },
  });
  c.start();
  const ws = sockets[0];
  ws.accept();
  ws.reply({ type: 'error', id: ws.sent[0].id, code: 'unknown_meeting', message: 'gone', message_sv: 'borta' });
  await tick();
  assert.deepEqual(errors, ['unknown_meeting']);
  assert.equal(c.status, 'online');
  const { done } = c.send('join', { code: 'M4RK9Q', name: 'Amina', sector: 'civil' });
  assert.equal(ws.sent.at(-1).type, 'join');
  ws.reply({ type: 'ack', id: ws.sent.at(-1).id, seq: 2, result: { participant: 'p2' } });
  assert.deepEqual(await done, { participant: 'p2' });
  assert.equal(sockets.length, 1);
  c.stop();
});

test('a stopping server refusing the resume: the page keeps its seat and a new socket tries again', async () => {
  const errors = [];
  const { c } = client({ onHandshakeError: (e) => errors.push(e.code) });
  c.start();
  sockets[0].accept();
  sockets[0].reply({ type: 'error', id: sockets[0].sent[0].id, code: 'shutting_down', message: 'stopping', message_sv: 'stänger' });
  await tick();
  assert.deepEqual(errors, []);
  assert.equal(sockets[0].readyState, 3);
  c.reconnectNow();
  sockets[1].accept();
  assert.equal(sockets[1].sent[0].type, 'resume');
  c.stop();
});

test('a server that is stopping does not refuse a durable command for good: it stays in the outbox', async () => {
  const { c, settled } = client({ handshake: () => null });
  c.start();
  sockets[0].accept();
  await tick();
  const { id } = c.send('add_input', { kind: 'idea', text: 'Kvar efter omstarten' }, { durable: true });
  sockets[0].reply({ type: 'error', id, code: 'shutting_down', message: 'stopping', message_sv: 'stänger' });
  assert.deepEqual(settled, []);
  assert.deepEqual(JSON.parse(storage.get('dk.outbox.K7')).map((m) => m.id), [id]);
  c.stop();
});

test('a page shown again after a long sleep takes a new socket, resumes, and resends what was in flight', async () => {
  const listeners = {};
  globalThis.document = { visibilityState: 'visible', addEventListener: (k, f) => { listeners[k] = f; }, removeEventListener() {} };
  const realNow = Date.now;
  let now = realNow();
  Date.now = () => now;
  const show = (ms) => {
    document.visibilityState = 'hidden'; listeners.visibilitychange();
    now += ms;
    document.visibilityState = 'visible'; listeners.visibilitychange();
  };
  try {
    const { c } = client({ restartOnWake: true });
    c.start();
    sockets[0].accept();
    sockets[0].reply({ type: 'ack', id: sockets[0].sent[0].id, seq: 7, result: {} });
    await tick();
    const { id } = c.send('add_input', { kind: 'idea', text: 'Före sömnen' }, { durable: true });
    show(5000);
    assert.equal(sockets.length, 1, 'a short absence keeps the socket');
    show(60000);
    assert.equal(sockets.length, 2);
    assert.equal(sockets[0].readyState, 3);
    sockets[1].accept();
    assert.equal(sockets[1].sent[0].type, 'resume');
    sockets[1].reply({ type: 'ack', id: sockets[1].sent[0].id, seq: 7, result: {} });
    await tick();
    assert.deepEqual(sockets[1].sent.slice(1).map((m) => m.id), [id], 'sent again with the same id');
    c.stop();
  } finally {
    Date.now = realNow;
    delete globalThis.document;
  }
});

test('matrix rules and matrix results reach their own handlers', async () => {
  const got = [];
  const { c } = client({ onMatrix: (m) => got.push(['matrix', m.meeting.rules[0].id]), onMatrixRules: (r) => got.push(['rules', r[0].text.sv]) });
  c.start();
  const ws = sockets[0];
  ws.accept();
  ws.reply({ type: 'matrix_rules', rules: [{ id: 'present', gate: 'data', text: { sv: 'Närvarande', en: 'Present' }, threshold: 3 }] });
  ws.reply({ type: 'matrix', result: { meeting: { rules: [{ id: 'present', observed: 4, met: true }] } } });
  assert.deepEqual(got, [['rules', 'Närvarande'], ['matrix', 'present']]);
  c.stop();
});

test('a command left unanswered when the network dropped goes out on the next socket, though the old one is still closing', async () => {
  const { c, ws } = await onlineClient();
  try {
    c.send('push_question', { text: 'Vad tar ni med er?', kind: 'open' });
    assert.equal(ws.sent.length, 2);
    ws.close = () => { ws.readyState = 2; }; // the browser keeps it closing: no close event yet
    c.onOffline();
    c.onOnline();
    const next = sockets[1];
    assert.ok(next, 'a new socket as soon as the network is back');
    next.accept();
    next.reply({ type: 'ack', id: next.sent[0].id, seq: 7, result: {} });
    await tick();
    assert.deepEqual(next.sent.slice(1).map((m) => m.type), ['push_question']);
  } finally {
    c.stop();
  }
});

test('a page back from a computer\'s sleep takes a new socket, though the old one looks open', async () => {
  const { c, ws } = await onlineClient({ restartOnWake: true });
  const plain = client();
  try {
    c.checkStalled();
    assert.equal(sockets.length, 1, 'a watchdog on time changes nothing');
    c.lastWatch = Date.now() - 60_000; // the watchdog did not run for a minute: the lid was closed
    c.checkStalled();
    assert.equal(sockets.length, 2);
    assert.equal(ws.readyState, 3, 'the old socket is let go');
    plain.c.start();
    plain.c.lastWatch = Date.now() - 60_000;
    plain.c.checkStalled();
    assert.equal(sockets.length, 3, 'a page without restartOnWake keeps its socket');
  } finally {
    c.stop();
    plain.c.stop();
  }
});

test('a socket still receiving is not cut for a slow answer: a late joiner\'s catch-up on a slow link gets through', async () => {
  const { c, ws } = await onlineClient();
  try {
    const { id } = c.send('join', { code: 'K7QM3P', name: 'Sen', sector: 'civil' });
    c.pending.get(id).sentAt = Date.now() - 25_000; // sent long ago, not answered yet
    c.lastHeard = Date.now(); // but events keep arriving
    c.checkStalled();
    assert.equal(ws.readyState, 1, 'kept');
    c.lastHeard = Date.now() - 15_000; // silent as well: dead
    c.checkStalled();
    assert.equal(ws.readyState, 3, 'cut, and the command goes out again on a new socket');
  } finally {
    c.stop();
  }
});

test('what waits from a meeting the page left goes out only when that meeting is opened again', async () => {
  let meeting = 'A';
  const { c, ws } = await onlineClient({ outboxKey: () => `dk.outbox.${meeting}` });
  try {
    ws.close = () => { ws.readyState = 3; }; // the network is gone: no answer comes
    const { id } = c.send('add_input', { kind: 'idea', text: 'Skrivet i möte A' }, { durable: true });
    c.onOffline();
    meeting = 'C'; // the person goes to meeting C, where this phone also has a seat
    storage.set('dk.outbox.C', JSON.stringify([{ type: 'add_input', id: 'c1', kind: 'idea', text: 'Skrivet i möte C' }]));
    c.restart();
    const inC = await acceptNewest(3);
    assert.deepEqual(inC.sent.slice(1).map((m) => m.id), ['c1'], 'only C\'s own outbox');
    meeting = 'A';
    c.restart();
    const inA = await acceptNewest();
    assert.deepEqual(inA.sent.slice(1).map((m) => m.id), [id], 'A\'s waits for A');
  } finally {
    c.stop();
  }
});

test('a durable command that storage could not keep still goes out, and its outcome is reported', async () => {
  const settled = [];
  const { c, ws } = await onlineClient();
  c.onSettled = (id, outcome) => settled.push([id, outcome.ok]);
  const setItem = globalThis.localStorage.setItem;
  globalThis.localStorage.setItem = () => { throw new Error('QuotaExceededError'); }; // a full phone
  try {
    ws.close = () => { ws.readyState = 3; };
    const { id } = c.send('add_input', { kind: 'idea', text: 'Skrivet på en full telefon' }, { durable: true });
    assert.equal(c.outbox().length, 0, 'the outbox could not be stored');
    c.onOffline();
    c.reconnectNow();
    const next = await acceptNewest();
    assert.deepEqual(next.sent.slice(1).map((m) => m.id), [id], 'sent again from memory on the new socket');
    next.reply({ type: 'ack', id, seq: 8, result: { input: 'i1' } });
    assert.deepEqual(settled, [[id, true]]);
  } finally {
    globalThis.localStorage.setItem = setItem;
    c.stop();
  }
});

test('refusals to retry share one pause: each waiting command goes out once per retry, however many were refused', async () => {
  const { c } = client({ handshake: () => null });
  c.start();
  sockets[0].accept();
  await tick();
  const realSetTimeout = globalThis.setTimeout;
  const retries = [];
  globalThis.setTimeout = (f, ms) => { if (ms >= 3000) { retries.push(f); return retries.length; } return realSetTimeout(f, ms); };
  try {
    const ids = ['Ett', 'Två', 'Tre'].map((text) => c.send('add_input', { kind: 'idea', text }, { durable: true }).id);
    const refuseAll = () => { for (const id of ids) sockets[0].reply({ type: 'error', id, code: 'storage_unavailable', message: 'full', message_sv: 'full' }); };
    refuseAll();
    assert.equal(retries.length, 1, 'one pause for the three refusals');
    for (let round = 0; round < 3; round++) {
      const before = sockets[0].sent.length;
      retries.shift()();
      assert.deepEqual(sockets[0].sent.slice(before).map((m) => m.id), ids, 'each command once, in order');
      refuseAll();
      assert.equal(retries.length, 1);
    }
  } finally {
    globalThis.setTimeout = realSetTimeout;
    c.stop();
  }
});

test('a command larger than the server takes is refused on the page and never sent', { timeout: 5000 }, async () => {
  const { c, ws } = await onlineClient();
  try {
    const before = ws.sent.length;
    // 9,000 characters of two bytes each: within the characters a form allows, over 16 KiB
    const { done } = c.send('push_question', { text: 'å'.repeat(9000), kind: 'open' }, { durable: true });
    await assert.rejects(done, (e) => e.code === 'message_too_large' && e.message_sv === 'Meddelandet är för stort.');
    assert.equal(ws.sent.length, before);
    assert.equal(storage.get('dk.outbox.K7') ?? null, null, 'nothing waits in the outbox');
    assert.equal(c.pending.size, 0);
  } finally {
    c.stop();
  }
});

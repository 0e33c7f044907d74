// WebSocket client for dialogcafe.v1: ids, acks, an outbox that survives reloads, resume.

export const SUBPROTOCOL = 'dialogcafe.v1';
const ACK_TIMEOUT = 20000;
/** Hidden this long (a phone asleep, another app), a page takes a fresh socket when shown again. */
const WAKE_AFTER = 15000;
/** How often the watchdog looks; a gap much longer than this on a shown page means the computer slept. */
const WATCH_EVERY = 5000;
/** The server's default limit for one message (`--max-message-bytes`): a larger one would be refused and the socket closed. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

export function newId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** localStorage that never throws (private mode, quota). */
export const store = {
  get(k, fallback = null) { try { const v = localStorage.getItem(k); return v == null ? fallback : JSON.parse(v); } catch { return fallback; } },
  set(k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch { /* full or blocked */ } },
  del(k) { try { localStorage.removeItem(k); } catch { /* blocked */ } },
};

/** Codes after which a command is worth sending again later. */
const RETRYABLE = new Set(['storage_unavailable', 'rate_limited', 'shutting_down']);

/** Whether a refused command may succeed if sent again later (with the same id). */
export const isRetryable = (err) => RETRYABLE.has(err?.code);

export class ProtocolError extends Error {
  constructor(msg) { super(msg.message || msg.code); this.code = msg.code; this.message_sv = msg.message_sv; this.en = msg.message; }
}

/**
 * One connection to the server that keeps itself up.
 * - `handshake()` returns the first command to send on each new socket (resume/facilitate) or null.
 * - Commands sent with `durable: true` go to an outbox in localStorage (key `outboxKey()`), and stay
 *   there until acknowledged or refused; they are re-sent with the same id on every new socket.
 * - Other commands wait in memory while offline.
 * - `onEvent(seq, event, live)`: `live` is false for events replayed before the handshake's ack.
 */
export class Connection {
  constructor({ handshake, onEvent, onMatrix, onMatrixRules, onStatus, onReady, onHandshakeError, outboxKey, onOutbox, restartOnWake = false }) {
    Object.assign(this, { handshake, onEvent, onMatrix, onMatrixRules, onStatus, onReady, onHandshakeError, outboxKey, onOutbox });
    this.ws = null; this.ready = false; this.attempt = 0; this.timer = null;
    this.pending = new Map(); // id → {cmd, resolve, reject, durable, handshake, sentAt}
    this.status = 'connecting';
    this.stopped = false;
    this.onOnline = () => this.reconnectNow();
    // The socket is let go at once: a browser may keep it closing for long, and what it left
    // unanswered must go out on the next one as soon as the network is back.
    this.onOffline = () => {
      const ws = this.ws;
      if (ws && this.detach(ws)) { ws.close(); this.setStatus('offline'); this.schedule(); }
    };
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
    // A socket that looks open after the phone slept may be dead (the server hangs up after 45 s
    // of silence, and nothing tells the phone), and an idle page has no command for the watchdog
    // to time. With `restartOnWake`, a page shown again after WAKE_AFTER takes a new socket; its
    // handshake brings what was missed.
    this.onVisibility = () => {
      // Hidden, timers may stop altogether: the watchdog's gap is not a sleep then, and the
      // return is handled here, once.
      if (document.visibilityState === 'hidden') { this.hiddenAt = Date.now(); this.lastWatch = null; return; }
      if (this.hiddenAt != null && Date.now() - this.hiddenAt >= WAKE_AFTER) this.restart();
      this.hiddenAt = null;
    };
    if (restartOnWake) globalThis.document?.addEventListener('visibilitychange', this.onVisibility);
    this.restartOnWake = restartOnWake;
    // A socket on a weak mobile link can hang without closing: a command unanswered for
    // ACK_TIMEOUT ms closes it, and the reconnect re-sends the outbox.
    this.watchdog = setInterval(() => this.checkStalled(), WATCH_EVERY);
    // Test hook: `__dkTest.offline(true)` makes the network unreachable for this page (and, through
    // localStorage, after a reload) until `__dkTest.offline(false)`.
    if (store.get('dk.test.offline')) this.testOffline = true;
    globalThis.__dkTest = { drop: () => this.ws?.close(), offline: (v) => { this.testOffline = v; store.set('dk.test.offline', v || null); if (v) this.ws?.close(); else this.reconnectNow(); } };
  }

  checkStalled() {
    const now = Date.now();
    // A laptop that slept with the page on screen (over lunch, lid closed) changes no visibility:
    // the watchdog's own gap says so, and the socket it kept may be dead while it looks open.
    // A hidden page's timers are slowed on purpose; the visibility change covers its return.
    const slept = this.lastWatch != null && now - this.lastWatch > WATCH_EVERY + WAKE_AFTER;
    this.lastWatch = globalThis.document?.hidden ? null : now;
    if (slept && this.restartOnWake && this.ws) { this.restart(); return; }
    if (!this.ws || this.ws.readyState !== 1) return;
    // A socket that is still receiving is alive, however long the answer takes: a late joiner's
    // catch-up can take longer than ACK_TIMEOUT on a slow link, and cutting it would start it over.
    if (this.lastHeard != null && now - this.lastHeard < ACK_TIMEOUT / 2) return;
    for (const p of this.pending.values()) if (p.sentAt && now - p.sentAt > ACK_TIMEOUT) { this.ws.close(); return; }
  }

  /** Sends one frame on the open socket and notes when, for the watchdog. */
  transmit(cmd) {
    const p = this.pending.get(cmd.id);
    if (p) p.sentAt = Date.now();
    this.ws.send(JSON.stringify(cmd));
  }

  outbox() { const k = this.outboxKey?.(); return k ? store.get(k, []) : []; }
  saveOutbox(list) { const k = this.outboxKey?.(); if (k) { if (list.length) store.set(k, list); else store.del(k); } this.onOutbox?.(list); }

  setStatus(s) { if (s !== this.status) { this.status = s; this.onStatus?.(s); } }

  start() { this.stopped = false; this.open(); }

  stop() {
    this.stopped = true; clearTimeout(this.timer); clearTimeout(this.retryTimer); clearInterval(this.watchdog);
    removeEventListener('online', this.onOnline); removeEventListener('offline', this.onOffline);
    globalThis.document?.removeEventListener('visibilitychange', this.onVisibility);
    const ws = this.ws; this.ws = null; ws?.close();
  }

  reconnectNow() {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.attempt = 0;
    if (this.ws && this.ws.readyState <= 1) return;
    if (this.ws) this.detach(this.ws); // closing: what it left unanswered goes out on the new one
    this.open();
  }

  /** A new socket now, even if this one looks fine (new credentials, or the page woke up). */
  restart() {
    if (this.stopped) return;
    const ws = this.ws;
    if (ws) { this.detach(ws); ws.close(); }
    this.attempt = 0;
    this.open();
  }

  /**
   * Drops the commands not yet answered that are not in the outbox (a facilitator's), each one's
   * `done` rejecting: on leaving a meeting, none of them may go out again on the next meeting's
   * socket, where ids like `r1` or `q1` mean something else.
   */
  discardPending() {
    for (const [id, p] of this.pending) {
      if (p.handshake || p.durable) continue;
      this.pending.delete(id);
      p.reject(new Error('left'));
    }
  }

  /** Forgets `ws` if it is the current socket: what it left unanswered goes out again, with the same ids, on the next one. */
  detach(ws) {
    if (this.ws !== ws) return false;
    this.ws = null; this.ready = false;
    for (const [id, p] of this.pending) {
      p.sentAt = null;
      if (p.handshake) { this.pending.delete(id); p.reject(new Error('closed')); }
    }
    return true;
  }

  open() {
    clearTimeout(this.timer);
    if (this.testOffline) { this.setStatus('offline'); this.schedule(); return; }
    this.setStatus(this.attempt ? 'reconnecting' : 'connecting');
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    let ws;
    try { ws = new WebSocket(url, SUBPROTOCOL); } catch { this.schedule(); return; }
    this.ws = ws; this.ready = false;
    ws.onopen = () => this.opened(ws);
    ws.onmessage = (m) => this.message(m.data);
    ws.onclose = () => { if (this.detach(ws)) { this.setStatus('offline'); this.schedule(); } };
    ws.onerror = () => { /* onclose follows */ };
  }

  schedule() {
    if (this.stopped) return;
    const base = Math.min(30000, 1000 * 2 ** Math.min(this.attempt, 5));
    this.attempt++;
    const delay = base / 2 + Math.random() * base / 2; // backoff with jitter
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), delay);
  }

  async opened(ws) {
    this.attempt = 0;
    const hs = this.handshake?.();
    let refused = null, result = null;
    if (hs) {
      try { result = await this.exchange(hs); } catch (e) { refused = e; }
      if (ws !== this.ws) return;
      if (refused) {
        // A busy or stopping server: try again on a new socket, with the same credentials.
        if (!refused.code || RETRYABLE.has(refused.code)) { ws.close(); return; }
        this.onHandshakeError?.(refused);
        if (ws !== this.ws) return;
        // Refused for good. If the page dropped what was refused (a deleted meeting's seat, a
        // stale key), this socket serves it as it is now: a new join or meeting goes out on it.
        if (this.handshake?.()) { this.setStatus('refused'); return; }
      }
    }
    this.ready = true;
    this.setStatus('online');
    this.onReady?.(refused ? null : hs, result);
    this.flush();
  }

  /** Sends on the current socket now and waits for its ack (used for the handshake). */
  exchange(cmd) {
    const full = { id: newId(), ...cmd };
    return new Promise((resolve, reject) => {
      this.pending.set(full.id, { cmd: full, resolve, reject, handshake: true });
      this.transmit(full);
    });
  }

  /** Sends, in order, the outbox and then every other command not yet sent on this socket. */
  flush() {
    if (!this.ready || this.ws?.readyState !== 1) return;
    for (const cmd of this.outbox()) {
      let p = this.pending.get(cmd.id);
      if (!p) this.pending.set(cmd.id, p = { cmd, durable: true, box: this.outboxKey?.(), resolve() {}, reject() {} });
      if (p.sentAt == null) this.transmit(cmd);
    }
    // A durable command of a meeting the page has left stays for that meeting (in its outbox, for
    // when it is opened again); one of this meeting that storage could not keep goes from memory.
    const box = this.outboxKey?.();
    for (const p of this.pending.values()) if (!p.handshake && (!p.durable || p.box === box) && p.sentAt == null) this.transmit(p.cmd);
  }

  /**
   * Sends a command. Returns {id, done}: `done` resolves with the ack's result or rejects with a
   * ProtocolError. Durable commands survive a reload; their later outcome is reported via onOutbox.
   * `id` sends a command again that an earlier page sent: the server answers it, not a second one.
   */
  send(type, fields = {}, { durable = false, id = newId() } = {}) {
    const cmd = { type, id, ...fields };
    // Refused here, not by the server: it would close the socket, and the command, still
    // unanswered, would go out again on every new one.
    if (new TextEncoder().encode(JSON.stringify(cmd)).length > MAX_MESSAGE_BYTES) {
      return { id, done: Promise.reject(new ProtocolError({ code: 'message_too_large', message: 'The message is too large.', message_sv: 'Meddelandet är för stort.' })) };
    }
    const box = durable ? this.outboxKey?.() : null;
    const done = new Promise((resolve, reject) => this.pending.set(cmd.id, { cmd, resolve, reject, durable, box }));
    if (durable) this.saveOutbox([...this.outbox(), cmd]);
    if (this.ready && this.ws?.readyState === 1) this.transmit(cmd); // else flush() sends it once connected
    return { id: cmd.id, done };
  }

  message(data) {
    this.lastHeard = Date.now();
    let msg;
    try { msg = JSON.parse(data); } catch { return; }
    if (msg.type === 'event') { this.onEvent?.(msg.seq, msg.event, this.ready); return; }
    if (msg.type === 'matrix') { this.onMatrix?.(msg.result); return; }
    if (msg.type === 'matrix_rules') { this.onMatrixRules?.(msg.rules); return; }
    if (msg.type !== 'ack' && msg.type !== 'error') return;
    const p = this.pending.get(msg.id);
    const inOutbox = this.outbox().some((c) => c.id === msg.id);
    // Durable, also when storage could not keep it (full, blocked): its outcome is reported all the same.
    const durable = inOutbox || !!p?.durable;
    if (msg.type === 'error' && RETRYABLE.has(msg.code) && durable) {
      if (p) p.sentAt = undefined; // not in flight: the watchdog leaves it alone until it is sent again
      // One pause for all: each flush sends every command that waits, so a timer per refusal
      // would multiply the resends on a server that is already struggling.
      if (!this.retryTimer) this.retryTimer = setTimeout(() => { this.retryTimer = null; this.flush(); }, 3000 + Math.random() * 2000);
      return;
    }
    this.pending.delete(msg.id);
    if (inOutbox) this.saveOutbox(this.outbox().filter((c) => c.id !== msg.id));
    if (durable) this.onSettled?.(msg.id, msg.type === 'ack' ? { ok: true, result: msg.result } : { ok: false, error: msg });
    if (!p) { if (!durable && msg.type === 'error' && msg.id == null) this.onStray?.(msg); return; }
    if (msg.type === 'ack') p.resolve(msg.result || {}); else p.reject(new ProtocolError(msg));
  }
}

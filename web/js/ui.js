// Shared view pieces: announcements, status labels, countdown, error text, keyed lists.
import { h, fill, $ } from './dom.js';
import { t, lang } from './i18n.js';

let pendingAnnouncements = [];

/**
 * Says `text` once through the polite live region. What is said within the same moment (a round
 * seated and started by one command) is said together, not the last one over the others.
 */
export function announce(text) {
  const el = $('#announce');
  if (!el) return;
  if (pendingAnnouncements.includes(text)) return; // said with the others already waiting
  pendingAnnouncements.push(text);
  if (pendingAnnouncements.length > 1) return; // the timer below is already set
  el.textContent = '';
  setTimeout(() => {
    const said = pendingAnnouncements.length > 1 ? pendingAnnouncements.map((x) => (/[.!?…✓]$/.test(x) ? x : `${x}.`)) : pendingAnnouncements;
    el.textContent = said.join(' ');
    pendingAnnouncements = [];
  }, 50);
}

/** Connection losses shorter than this are shown but not announced. */
const OFFLINE_ANNOUNCE_MS = 10_000;
let offlineTimer = null;
let offlineAnnounced = false;

/**
 * Shows the connection's state. On a poor link it flips between offline and reconnecting on
 * every try, so screen readers hear only a loss that lasts (and the return after it).
 */
export function showConnection(status) {
  const el = $('#conn');
  if (!el) return;
  el.className = `conn conn-${status}`;
  fill(el, h('span', { class: 'dot', 'aria-hidden': 'true' }), t(`conn.${status}`));
  if (status === 'online') {
    clearTimeout(offlineTimer); offlineTimer = null;
    if (offlineAnnounced) { offlineAnnounced = false; announce(t('conn.online')); }
  } else if (status === 'offline' && !offlineTimer && !offlineAnnounced) {
    offlineTimer = setTimeout(() => { offlineTimer = null; offlineAnnounced = true; announce(t('conn.offline')); }, OFFLINE_ANNOUNCE_MS);
  } else if (status === 'refused') announce(t('conn.refused'));
}

/** The message of a server error in the page's language. */
export function errorText(e) {
  if (!e) return '';
  if (lang() === 'sv' && e.message_sv) return e.message_sv;
  return e.en || e.message || e.code || String(e);
}

export function mmss(ms) {
  if (ms <= 0) return '0:00';
  const s = Math.ceil(ms / 1000);
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

// How far the server's clock is ahead of this device's, learnt from live events (their `at` is
// stamped by the server moments before they arrive), so a phone with a wrong clock still counts
// down correctly.
let serverOffset = 0;
export function noteServerTime(at) { if (typeof at === 'number') serverOffset = at - Date.now(); }
export const serverNow = () => Date.now() + serverOffset;

/** Text for a round's clock: time left, or its state. */
export function roundClock(round, now = serverNow()) {
  if (!round) return '';
  if (round.state === 'running' && round.endsAt) {
    const left = round.endsAt - now;
    return left > 0 ? t('round.left', { time: mmss(left) }) : t('round.overtime');
  }
  return t(`round.state.${round.state}`);
}

export const sectorLabel = (s) => t(`sector.${s}`);
export const personLine = (p) => [p.name, p.organisation, sectorLabel(p.sector)].filter(Boolean).join(' · ');

/** Keeps `container`'s children in the order of `items`, creating and updating by key. */
export function reconcile(container, items, key, create, update) {
  const existing = new Map();
  for (const el of container.children) existing.set(el.dataset.key, el);
  const wanted = new Set();
  let i = 0;
  for (const item of items) {
    const k = key(item);
    wanted.add(k);
    let el = existing.get(k);
    if (!el) { el = create(item); el.dataset.key = k; }
    update(el, item);
    if (container.children[i] !== el) container.insertBefore(el, container.children[i] || null);
    i++;
  }
  for (const [k, el] of existing) if (!wanted.has(k)) el.remove();
}

/** A section with a heading (h2) and an id used for aria-labelledby. */
export function section(id, title, ...children) {
  return h('section', { class: 'card', id, 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h` }, title), ...children);
}

/** A status line for a form: role=status so screen readers hear it. */
export const formStatus = () => h('p', { class: 'form-status', role: 'status' });

export function setFormStatus(el, text, kind = 'ok') { el.className = `form-status ${kind}`; el.textContent = text; }

/**
 * The minutes page, which everyone who took part may read: the link carries the meeting's minutes
 * key, which reads the minutes and nothing else, never a resume token.
 */
export function minutesLink(code, minutesKey) {
  if (!code || !minutesKey) return null;
  return h('p', { class: 'hint' }, t('fb.minutesHint'), ' ', h('a', { href: minutesURL(code, minutesKey), id: 'minutes-link' }, t('fb.minutes')));
}

/** The minutes page opened with the minutes key (a path on this server). */
export const minutesURL = (code, minutesKey) => `/api/meetings/${encodeURIComponent(code)}/minutes.html?read=${encodeURIComponent(minutesKey)}`;

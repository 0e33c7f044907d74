// Routes the hash to a view and wires the header: language toggle, skip link, clock.
import { $, fill } from './dom.js';
import { t, lang, setLang, applyLang, langChosen } from './i18n.js';

// Views load on demand, so a participant's phone fetches only the participant's code.
const VIEWS = {
  participant: () => import('./participant.js').then((m) => m.ParticipantView),
  facilitate: () => import('./facilitator.js').then((m) => m.FacilitatorView),
  projector: () => import('./projector.js').then((m) => m.ProjectorView),
  feedback: () => import('./feedback.js').then((m) => m.FeedbackView),
};

function params() {
  const out = {};
  for (const part of location.hash.replace(/^#/, '').split('&')) {
    if (!part) continue;
    const [k, v = ''] = part.split('=');
    out[decodeURIComponent(k)] = decodeURIComponent(v);
  }
  return out;
}

function routeOf(p) {
  if ('projector' in p) return 'projector';
  if ('facilitate' in p) return 'facilitate';
  if ('feedback' in p) return 'feedback';
  return 'participant';
}

let view = null, route = null;

async function mount() {
  const p = params();
  const r = routeOf(p);
  // A projector link with its key, pasted into a tab already showing that meeting, is taken in.
  if (view && r === route && !(r === 'projector' && (p.projector !== view.code || p.key)) && !(r === 'participant' && p.join && p.join.toUpperCase() !== view.code)
    && !(r === 'feedback' && p.feedback !== view.token)) return;
  view?.conn?.stop();
  view?.stop?.();
  document.body.classList.remove('projector-mode');
  route = r;
  view = null;
  const main = $('#main');
  const View = await VIEWS[r]();
  if (route !== r) return; // the hash changed while loading
  fill(main);
  view = new View(main, p);
  view.conn?.onStatus?.(view.conn.status);
  relabel();
}

function relabel() {
  applyLang();
  $('#lang').textContent = t('lang.switch');
  $('#lang').setAttribute('lang', lang() === 'sv' ? 'en' : 'sv');
  $('#lang').setAttribute('aria-label', t('lang.switchLabel'));
  $('#skip').textContent = t('skip');
  $('#brand').textContent = t('brand');
  document.title = route === 'facilitate' ? `${t('f.heading')} – ${t('brand')}` : route === 'projector' ? `${t('pj.title')} – ${t('brand')}`
    : route === 'feedback' ? `${t('fb.title')} – ${t('brand')}` : t('brand');
}

/**
 * Rebuilds the view in the other language, keeping what was typed, ticked and chosen: each field
 * is known by its section and its place in it, which a rebuild of the same state keeps.
 */
function rebuildKeepingInput() {
  const main = $('#main');
  const fields = () => {
    const keyed = new Map();
    const count = new Map();
    for (const el of main.querySelectorAll('textarea, input, select')) {
      if (el.type === 'file' || el.type === 'submit' || el.type === 'button') continue;
      const section = el.closest('section[id]')?.id || '';
      const n = count.get(section) || 0;
      count.set(section, n + 1);
      keyed.set(`${section}#${n}`, el);
    }
    return keyed;
  };
  const ticks = (el) => el.type === 'checkbox' || el.type === 'radio';
  const kept = [...fields()].map(([key, el]) => [key, ticks(el) ? el.checked : el.value]);
  view?.build();
  const now = fields();
  for (const [key, value] of kept) {
    const el = now.get(key);
    if (!el) continue;
    if (ticks(el)) { if (el.checked !== value) { el.checked = value; el.dispatchEvent(new Event('change', { bubbles: true })); } }
    else if (el.value !== value) el.value = value;
  }
}

$('#lang').addEventListener('click', () => {
  setLang(lang() === 'sv' ? 'en' : 'sv');
  relabel();
  rebuildKeepingInput();
  if (view?.conn) view.conn.onStatus?.(view.conn.status);
});
// A view that learns its meeting's language: the interface follows it until the person chooses.
// The view is rebuilt after the render that told it (and after the view is mounted, when it
// tells from its constructor), never inside that render.
let followPending = false;
document.addEventListener('dk:meeting-language', (e) => {
  if (langChosen() || e.detail === lang() || !['sv', 'en'].includes(e.detail)) return;
  setLang(e.detail, { remember: false });
  if (followPending) return;
  followPending = true;
  setTimeout(() => {
    followPending = false;
    relabel();
    rebuildKeepingInput();
    if (view?.conn) view.conn.onStatus?.(view.conn.status);
  }, 0);
});
$('#skip').addEventListener('click', (e) => { e.preventDefault(); $('#main').focus(); });
addEventListener('hashchange', () => { mount(); });
setInterval(() => view?.tick?.(), 1000);

relabel();
mount();
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => { /* an older browser or a blocked worker: online still works */ });

// Routes the hash to a view and wires the header: language toggle, skip link, clock.
import { $, fill } from './dom.js';
import { t, lang, setLang, applyLang } from './i18n.js';
import { ParticipantView } from './participant.js';
import { FacilitatorView } from './facilitator.js';
import { ProjectorView } from './projector.js';

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
  return 'participant';
}

let view = null, route = null;

function mount() {
  const p = params();
  const r = routeOf(p);
  if (view && r === route && !(r === 'projector' && p.projector !== view.code) && !(r === 'participant' && p.join && p.join.toUpperCase() !== view.code)) return;
  view?.conn?.stop();
  document.body.classList.remove('projector-mode');
  route = r;
  const main = $('#main');
  fill(main);
  view = r === 'projector' ? new ProjectorView(main, p) : r === 'facilitate' ? new FacilitatorView(main, p) : new ParticipantView(main, p);
}

function relabel() {
  applyLang();
  $('#lang').textContent = t('lang.switch');
  $('#lang').setAttribute('lang', lang() === 'sv' ? 'en' : 'sv');
  $('#lang').setAttribute('aria-label', t('lang.switchLabel'));
  $('#skip').textContent = t('skip');
  $('#brand').textContent = t('brand');
  document.title = route === 'facilitate' ? `${t('f.heading')} – ${t('brand')}` : route === 'projector' ? `${t('pj.title')} – ${t('brand')}` : t('brand');
}

$('#lang').addEventListener('click', () => {
  setLang(lang() === 'sv' ? 'en' : 'sv');
  relabel();
  view?.build();
  if (view?.conn) view.conn.onStatus?.(view.conn.status);
});
$('#skip').addEventListener('click', (e) => { e.preventDefault(); $('#main').focus(); });
addEventListener('hashchange', () => { mount(); relabel(); });
setInterval(() => view?.tick?.(), 1000);

mount();
relabel();

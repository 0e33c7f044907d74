// Renders the participation-matrix result generically from its JSON keys.
import { h } from './dom.js';
import { t, lang, has } from './i18n.js';

const label = (k) => has(`mx.${k}`) ? t(`mx.${k}`) : k.replace(/_/g, ' ');

function value(k, v) {
  if (v == null) return '—';
  if (typeof v === 'boolean') return v ? t('mx.yes') : t('mx.no');
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  if (typeof v === 'string') {
    if (/level$/.test(k) && has(`level.${v}`)) return t(`level.${v}`);
    return v;
  }
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== 'object' || x === null)) return v.join(', ');
    return h('ul', { class: 'mx-list' }, v.map((x) => h('li', {}, rule(x))));
  }
  return dl(v);
}

function rule(x) {
  if (typeof x !== 'object' || x === null) return String(x);
  const met = 'met' in x ? x.met : 'passed' in x ? x.passed : undefined;
  const name = x.name ?? x.id ?? x.rule ?? x.level ?? '';
  const rest = Object.fromEntries(Object.entries(x).filter(([k]) => !['met', 'passed', 'name', 'id', 'rule'].includes(k)));
  return h('div', { class: `mx-rule ${met === true ? 'met' : met === false ? 'unmet' : ''}` },
    met !== undefined ? h('span', { class: 'mx-mark' }, met ? `✓ ${t('mx.met')}` : `✗ ${t('mx.notMet')}`) : null, ' ',
    name ? h('strong', {}, String(name)) : null, Object.keys(rest).length ? dl(rest) : null);
}

function dl(obj) {
  const skip = new Set(['gap_text_sv', 'gap_text_en']);
  return h('dl', { class: 'mx' }, Object.entries(obj).filter(([k]) => !skip.has(k)).map(([k, v]) => [h('dt', {}, label(k)), h('dd', {}, value(k, v))]));
}

export function renderMatrix(result, state) {
  if (!result) {
    return h('div', {}, h('p', {}, t('mx.waiting')),
      state?.meeting ? h('p', {}, `${t('mx.declared_level')}: ${t(`level.${state.meeting.declared_level}`)}`) : null);
  }
  const gap = lang() === 'en' ? (result.gap_text_en ?? result.gap_text_sv) : (result.gap_text_sv ?? result.gap_text_en);
  const headline = ['measured_level', 'declared_level', 'perceived_level', 'confidence'].filter((k) => k in result);
  return h('div', { class: 'matrix' },
    gap ? h('p', { class: 'gap notice' }, gap) : null,
    headline.length ? h('dl', { class: 'mx mx-head' }, headline.map((k) => [h('dt', {}, label(k)), h('dd', {}, value(k, result[k]))])) : null,
    dl(Object.fromEntries(Object.entries(result).filter(([k]) => !headline.includes(k)))));
}

// Renders the participation-matrix result. Known parts (levels, gap, confidence, rules) get a
// readable layout; everything else is rendered generically from its JSON keys.
import { h } from './dom.js';
import { t, lang, has } from './i18n.js';

const label = (k) => has(`mx.${k}`) ? t(`mx.${k}`) : k.replace(/_/g, ' ');
const isBilingual = (v) => v && typeof v === 'object' && !Array.isArray(v) && typeof v.sv === 'string' && typeof v.en === 'string';
const pick = (v) => isBilingual(v) ? v[lang()] || v.sv : v;
const levelText = (v) => has(`level.${v}`) ? t(`level.${v}`) : has(`mlevel.${v}`) ? t(`mlevel.${v}`) : String(v);
// Rule id → its text: live results name rules by id; the texts come once, in `matrix_rules`.
const ruleTexts = new Map();

/** Keeps the rule texts of a `matrix_rules` frame. */
export function rememberRules(rules) {
  for (const r of rules || []) if (r?.id && r.text) ruleTexts.set(r.id, r.text);
}

/**
 * A measured value or threshold as text: three decimals, as the minutes print them, so that a
 * ratio just under its threshold (0.496 against 0.5) does not read as equal to it.
 */
export const num = (v) => typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : String(v);

function value(k, v) {
  if (v == null) return '—';
  if (isBilingual(v)) return pick(v);
  if (typeof v === 'boolean') return v ? t('mx.yes') : t('mx.no');
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string') return /level|modal|as_declared/.test(k) || has(`mlevel.${v}`) ? levelText(v) : has(`sector.${v}`) ? t(`sector.${v}`) : v;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== 'object' || x === null)) return v.map((x) => (has(`step.${x}`) ? t(`step.${x}`) : String(x))).join(', ');
    return h('ul', { class: 'mx-list' }, v.map((x) => h('li', {}, dl(x))));
  }
  return dl(v);
}

function dl(obj, skip = []) {
  if (typeof obj !== 'object' || obj === null) return String(obj);
  const rows = Object.entries(obj).filter(([k]) => !skip.includes(k));
  return h('dl', { class: 'mx' }, rows.map(([k, v]) => [h('dt', {}, has(`sector.${k}`) ? t(`sector.${k}`) : label(k)), h('dd', {}, value(k, v))]));
}

function rulesTable(rules) {
  return h('table', { class: 'mx-rules' }, h('caption', {}, t('mx.rules')),
    h('thead', {}, h('tr', {}, [t('mx.rule'), t('mx.gate'), t('mx.observed'), t('mx.threshold'), t('mx.result')].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rules.map((r) => h('tr', { class: r.met ? 'met' : 'unmet' },
      h('th', { scope: 'row' }, pick(r.text ?? ruleTexts.get(r.id)) ?? r.id), h('td', {}, r.gate ? levelText(r.gate) : ''),
      h('td', { class: 'num' }, r.observed == null ? '—' : num(r.observed)), h('td', { class: 'num' }, r.threshold == null ? '—' : num(r.threshold)),
      h('td', { class: 'mx-mark' }, r.met ? `✓ ${t('mx.met')}` : `✗ ${t('mx.notMet')}`)))));
}

/**
 * One classification: measured vs declared vs perceived, gap, confidence, rules, evidence.
 * `key` names its sections (`data-keep`), so a redraw keeps the ones the reader opened.
 */
export function renderResult(r, key = 'mx') {
  const gap = pick(r.gap_text) ?? (lang() === 'en' ? r.gap_text_en ?? r.gap_text_sv : r.gap_text_sv ?? r.gap_text_en);
  const measured = r.not_enough_data ? t('mx.notEnough') : (pick(r.measured_label) ?? (r.measured_level ? levelText(r.measured_level) : '—'));
  const perceived = r.perceived?.modal && Object.keys(r.perceived.modal).length
    ? Object.entries(r.perceived.modal).filter(([, l]) => l).map(([s, l]) => `${has(`sector.${s}`) ? t(`sector.${s}`) : s}: ${levelText(l)}`).join(' · ') : null;
  const known = ['round', 'table', 'measured_level', 'measured_label', 'measured_as_declared', 'not_enough_data', 'reason', 'declared_level',
    'declared_step', 'steps', 'confidence', 'gap', 'gap_text', 'gap_text_sv', 'gap_text_en', 'rules', 'evidence', 'perceived'];
  const steps = Array.isArray(r.steps) && r.steps.length ? value('steps', r.steps) : null;
  const rest = Object.fromEntries(Object.entries(r).filter(([k]) => !known.includes(k)));
  return h('div', { class: 'matrix' },
    gap ? h('p', { class: 'gap notice' }, gap) : null,
    h('dl', { class: 'mx mx-head' },
      h('dt', {}, t('mx.measured_level')), h('dd', {}, measured),
      'declared_level' in r ? [h('dt', {}, t('mx.declared_level')), h('dd', {}, levelText(r.declared_level))] : null,
      perceived ? [h('dt', {}, t('mx.perceived_level')), h('dd', {}, perceived)] : null,
      'confidence' in r ? [h('dt', {}, t('mx.confidence')), h('dd', {}, has(`conf.${r.confidence}`) ? t(`conf.${r.confidence}`) : String(r.confidence))] : null,
      r.declared_step ? [h('dt', {}, t('f.step')), h('dd', {}, has(`step.${r.declared_step}`) ? t(`step.${r.declared_step}`) : r.declared_step)] : null,
      steps ? [h('dt', {}, t('mx.placedSteps')), h('dd', {}, steps)] : null),
    r.reason ? h('p', { class: 'hint' }, pick(r.reason)) : null,
    r.perceived?.note ? h('p', { class: 'hint' }, pick(r.perceived.note)) : null,
    Array.isArray(r.rules) && r.rules.length ? rulesTable(r.rules) : null,
    r.evidence ? h('details', { 'data-keep': `${key}:evidence` }, h('summary', {}, t('mx.evidence')), dl(r.evidence)) : null,
    r.perceived ? h('details', { 'data-keep': `${key}:perceived` }, h('summary', {}, t('mx.perceived')), dl(r.perceived, ['note'])) : null,
    Object.keys(rest).length ? dl(rest) : null);
}

export function renderMatrix(result, state) {
  if (!result) {
    return h('div', {}, h('p', {}, t('mx.waiting')),
      state?.meeting ? h('p', {}, `${t('mx.declared_level')}: ${t(`level.${state.meeting.declared_level}`)}`) : null);
  }
  if (!result.meeting) return renderResult(result);
  const name = (r) => [r.round && t('round.number', { n: state?.rounds[r.round]?.number ?? r.round }), r.table && (state?.tables[r.table]?.name ?? r.table)].filter(Boolean).join(' · ');
  const short = (r) => r.not_enough_data ? t('mx.notEnough') : pick(r.measured_label) ?? levelText(r.measured_level);
  const parts = [...(result.rounds || []), ...(result.tables || [])];
  const rest = Object.fromEntries(Object.entries(result).filter(([k]) => !['meeting', 'rounds', 'tables'].includes(k)));
  return h('div', {}, renderResult(result.meeting),
    parts.length ? h('h3', {}, t('mx.parts')) : null,
    parts.map((r) => {
      const key = `mx:${r.round ?? ''}/${r.table ?? ''}`;
      return h('details', { class: 'mx-part', 'data-keep': key }, h('summary', {}, `${name(r)}: ${short(r)}${r.gap ? ' ⚠' : ''}`), renderResult(r, key));
    }),
    Object.keys(rest).length ? dl(rest) : null);
}

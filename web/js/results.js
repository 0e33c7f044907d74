// Live results of a pushed question: bars in an accessible table, or a word cloud.
import { h } from './dom.js';
import { t } from './i18n.js';

/** A question's results as an accessible table with <progress> bars. */
export function resultsTable(q, counts, n) {
  if (q.kind === 'open') {
    return h('ul', { class: 'open-answers' }, Object.values(q.answers).map((v) => h('li', {}, String(v))));
  }
  const rows = [...counts.entries()];
  if (q.kind === 'word_cloud') rows.sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...rows.map(([, c]) => c));
  return h('table', { class: 'results' }, h('caption', { class: 'sr-only' }, q.text),
    h('thead', { class: 'sr-only' }, h('tr', {}, h('th', { scope: 'col' }, t('f.option')), h('th', { scope: 'col' }, t('f.count')), h('th', { scope: 'col' }, t('f.share')))),
    h('tbody', {}, rows.map(([label, c]) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, String(c)),
      h('td', { class: 'bar' }, h('progress', { max: q.kind === 'multiple' || q.kind === 'word_cloud' ? max : Math.max(n, 1), value: c, 'aria-label': `${label}: ${c}` }))))));
}


/** Words as text spans, sized by one of five classes. */
export function wordCloud(counts) {
  const words = [...counts.entries()].filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1]).slice(0, 60);
  const max = Math.max(1, ...words.map(([, c]) => c));
  const shuffled = words.map((w, i) => [w, (i * 7919) % 97]).sort((a, b) => a[1] - b[1]).map(([w]) => w);
  return h('p', { class: 'cloud' }, shuffled.map(([word, c]) => [h('span', { class: `w w${Math.max(1, Math.ceil((c / max) * 5))}`, title: String(c) }, word, h('span', { class: 'sr-only' }, ` (${c})`)), ' ']));
}

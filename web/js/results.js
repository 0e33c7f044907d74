// Live results of a pushed question: bars in an accessible table, or a word cloud.
import { h } from './dom.js';
import { t } from './i18n.js';

/** Open answers shown at once: a projector for 200 people does not scroll. */
const OPEN_SHOWN = 12;

/** A question's results as an accessible table with <progress> bars; open answers, the latest few. */
export function resultsTable(q, counts, n) {
  if (q.kind === 'open') {
    const all = Object.values(q.answers);
    return h('div', {}, h('ul', { class: 'open-answers' }, all.slice(-OPEN_SHOWN).map((v) => h('li', {}, String(v)))),
      all.length > OPEN_SHOWN ? h('p', { class: 'hint' }, t('f.moreAnswers', { n: all.length - OPEN_SHOWN })) : null);
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

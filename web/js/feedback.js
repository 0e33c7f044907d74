// The read-only feedback page a participant opens with their own link (#feedback=TOKEN): what
// they said at the café, and the public side's response to each input. No live connection.
import { h, fill } from './dom.js';
import { t, contentLang } from './i18n.js';
import { minutesLink, announce } from './ui.js';

const LOAD_TIMEOUT_MS = 15_000;

export class FeedbackView {
  constructor(main, params) {
    this.main = main;
    // A link copied from a chat or a mail can carry invisible characters or a line break.
    this.token = (params.feedback || '').replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '');
    this.data = null;
    /** null, 'invalid' (the server does not know the link) or 'unreachable' (try again). */
    this.failed = null;
    this.build();
    this.load();
    // Back online after a failure: the page tries again by itself (until another view replaces it).
    this.onOnline = () => { if (this.failed === 'unreachable') this.load(); };
    addEventListener('online', this.onOnline);
  }

  /** Another view takes the page: nothing of this one may draw into it any more. */
  stop() {
    this.stopped = true;
    removeEventListener('online', this.onOnline);
  }

  async load() {
    const code = this.token.split('.')[0];
    this.failed = null;
    // Anything else is no link of ours (and could not go in a header): say so, do not retry.
    if (!/^[A-Za-z0-9]{1,12}\.[A-Za-z0-9]{1,12}\.[0-9a-f]{1,64}$/.test(this.token)) { this.failed = 'invalid'; this.build(); return; }
    this.build();
    // A stalled link on a phone would otherwise leave "Loading…" up for ever.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), LOAD_TIMEOUT_MS);
    try {
      // The token goes in a header, not the address, so no proxy's access log keeps it.
      const response = await fetch(`/api/meetings/${encodeURIComponent(code)}/feedback`,
        { cache: 'no-store', signal: abort.signal, headers: { Authorization: `Bearer ${this.token}` } });
      if (response.status === 403 || response.status === 404) this.failed = 'invalid';
      else if (!response.ok) this.failed = 'unreachable';
      else this.data = await response.json();
    } catch {
      this.failed = 'unreachable';
    } finally {
      clearTimeout(timer);
    }
    this.build();
  }

  /** The page: its heading (the page's h1), then what it holds. */
  page(...children) {
    return h('section', { class: 'card', id: 'fb', 'aria-labelledby': 'fb-h' }, h('h1', { id: 'fb-h', tabindex: '-1' }, t('fb.title')), ...children);
  }

  build() {
    if (this.stopped) return;
    const hadFocus = this.main.contains(document.activeElement);
    this.fillPage();
    // "Try again" is replaced with the result: focus goes to the page's heading, not the page top.
    if (hadFocus && !this.main.contains(document.activeElement)) this.main.querySelector('#fb-h')?.focus();
  }

  fillPage() {
    if (this.failed === 'invalid') { fill(this.main, this.page(h('p', { role: 'alert' }, t('fb.failed')))); return; }
    if (this.failed) {
      const again = h('button', { type: 'button', on: { click: () => this.load() } }, t('fb.tryAgain'));
      fill(this.main, this.page(h('p', { role: 'alert' }, t('fb.unreachable')), again));
      return;
    }
    if (!this.data) { fill(this.main, this.page(h('p', {}, t('fb.loading')))); announce(t('fb.loading')); return; }
    const { meeting, inputs } = this.data;
    const lang = contentLang(meeting);
    fill(this.main, this.page(
      h('p', {}, h('strong', { lang }, meeting.title), ` · ${meeting.date}`),
      meeting.feedback_due ? h('p', {}, t('p.feedbackDue', { date: meeting.feedback_due })) : null,
      minutesLink(meeting.code, this.data.minutes_key),
      inputs.length ? h('ul', { class: 'feedback' }, inputs.map((input) => h('li', {},
        input.hidden != null
          ? h('p', { class: 'text hint' }, t('input.hiddenBy', { reason: input.hidden }))
          : h('p', { class: 'text', lang }, input.text),
        input.feedback.length
          ? input.feedback.map((f) => h('p', { class: 'fb' }, h('strong', {}, `${t(`fstatus.${f.status}`)}: `), h('span', { lang }, f.text)))
          : h('p', { class: 'hint' }, t('p.noFeedbackYet'))))) : h('p', {}, t('p.noOwnInputs'))));
  }
}

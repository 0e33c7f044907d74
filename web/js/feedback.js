// The read-only feedback page a participant opens with their own link (#feedback=TOKEN): what
// they said at the café, and the public side's response to each input. No live connection.
import { h, fill } from './dom.js';
import { t } from './i18n.js';
import { section, minutesLink } from './ui.js';

export class FeedbackView {
  constructor(main, params) {
    this.main = main;
    this.token = params.feedback || '';
    this.data = null;
    this.failed = false;
    this.build();
    this.load();
  }

  async load() {
    const code = this.token.split('.')[0];
    try {
      const response = await fetch(`/api/meetings/${encodeURIComponent(code)}/feedback?token=${encodeURIComponent(this.token)}`, { cache: 'no-store' });
      if (!response.ok) throw new Error(String(response.status));
      this.data = await response.json();
    } catch {
      this.failed = true;
    }
    this.build();
  }

  build() {
    if (this.failed) { fill(this.main, section('fb', t('fb.title'), h('p', { role: 'alert' }, t('fb.failed')))); return; }
    if (!this.data) { fill(this.main, section('fb', t('fb.title'), h('p', { role: 'status' }, t('fb.loading')))); return; }
    const { meeting, inputs } = this.data;
    fill(this.main, section('fb', t('fb.title'),
      h('p', {}, h('strong', {}, meeting.title), ` · ${meeting.date}`),
      meeting.feedback_due ? h('p', {}, t('p.feedbackDue', { date: meeting.feedback_due })) : null,
      minutesLink(meeting.code, this.data.minutes_key),
      inputs.length ? h('ul', { class: 'feedback' }, inputs.map((input) => h('li', {},
        h('p', { class: 'text' }, input.text),
        input.feedback.length
          ? input.feedback.map((f) => h('p', { class: 'fb' }, h('strong', {}, `${t(`fstatus.${f.status}`)}: `), f.text))
          : h('p', { class: 'hint' }, t('p.noFeedbackYet'))))) : h('p', {}, t('p.noOwnInputs'))));
  }
}

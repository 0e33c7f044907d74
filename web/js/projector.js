// The projector: join code, QR, the round and its clock, live results and who takes part.
import { h, fill, field, flagField } from './dom.js';
import { t, lang, contentLang } from './i18n.js';
import { Connection, store } from './protocol.js';
import { initialState, apply, currentRound, sectorCounts, inputSectorCounts, tally } from './state.js';
import { noteServerTime, serverNow, announce, showConnection, errorText, roundClock, sectorLabel, section, formStatus, setFormStatus } from './ui.js';
import { resultsTable, wordCloud } from './results.js';

const SECTORS = ['public', 'civil', 'other'];

export class ProjectorView {
  constructor(main, params) {
    this.main = main;
    this.code = (params.projector || '').toUpperCase();
    if (this.code && params.key) {
      // The projector link's key is kept, and taken out of the address on the big screen.
      store.set(`dk.pj.${this.code}`, params.key);
      history.replaceState(null, '', `#projector=${encodeURIComponent(this.code)}`);
    }
    this.useStoredKey();
    this.state = initialState();
    this.live = false;
    document.body.classList.add('projector-mode');
    this.conn = new Connection({
      // Read-only, whichever key it holds: the projector shows the meeting and runs nothing.
      handshake: () => this.key ? { type: 'project', code: this.code, key: this.key, after: this.state.lastSeq } : null,
      onEvent: (seq, ev, live) => {
        if (live) noteServerTime(ev.at);
        if (seq <= this.state.lastSeq) return;
        apply(this.state, seq, ev);
        if (this.live && ev.kind === 'question_pushed') announce(t('ann.question', { text: ev.question.text }));
        if (this.live && ev.kind === 'round_started') announce(t('ann.roundStarted', { n: this.state.rounds[ev.round]?.number ?? '' }));
        this.scheduleRender();
      },
      onStatus: (s) => showConnection(s),
      onReady: (hs) => { if (hs) { this.live = true; this.build(); } },
      // A laptop that slept over the break, or changed access point, may keep a socket that
      // looks open and is dead; the projector sends nothing after its handshake, so no
      // unanswered command would reveal it.
      restartOnWake: true,
      onHandshakeError: (e) => {
        if (e.code === 'bad_key') store.del(this.keyName);
        this.key = null; this.error = errorText(e); this.build();
      },
    });
    this.build();
    if (this.key) this.conn.start();
  }

  /** The projector key this computer keeps for the meeting, else the facilitator's (their own browser). */
  useStoredKey() {
    const projector = this.code ? store.get(`dk.pj.${this.code}`) : null;
    this.keyName = projector ? `dk.pj.${this.code}` : `dk.f.${this.code}`;
    this.key = this.code ? store.get(this.keyName) : null;
  }

  scheduleRender() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.render(); });
  }

  build() {
    if (!this.key) { this.buildAsk(); return; }
    const e = this.els = { round: h('div', { class: 'pj-round' }), results: h('div', { class: 'pj-results' }), sectors: h('div', { class: 'pj-sectors' }) };
    const url = `${location.origin}/#join=${this.code}`;
    fill(this.main, h('div', { class: 'projector' },
      h('div', { class: 'pj-join' },
        h('h1', { class: 'sr-only' }, t('pj.title')),
        h('p', { class: 'pj-label' }, t('pj.joinAt')),
        h('p', { class: 'pj-url' }, url.replace(/^https?:\/\//, '')),
        h('p', { class: 'pj-label' }, t('pj.code')),
        h('p', { class: 'pj-code', id: 'pj-code' }, this.code),
        h('img', { class: 'pj-qr', src: `/api/meetings/${encodeURIComponent(this.code)}/qr.svg`, alt: t('pj.qrAlt', { code: this.code }), width: 240, height: 240 })),
      h('div', { class: 'pj-main' }, e.round, e.results, e.sectors)));
    this.render();
  }

  buildAsk() {
    const code = h('input', { type: 'text', value: this.code, required: true });
    // Typed in front of the room: never shown on the big screen.
    const key = h('input', { type: 'password', required: true, autocomplete: 'off' });
    const status = formStatus();
    if (this.error) setFormStatus(status, this.error, 'error');
    const form = h('form', { novalidate: true }, field(t('f.code'), code)[0], field(t('pj.key'), key)[0], h('button', { type: 'submit' }, t('pj.show')), status);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.code = code.value.trim().toUpperCase(); this.key = key.value.trim();
      if (!this.code || !this.key) { setFormStatus(status, t('f.needCodeKey'), 'error'); flagField(this.code ? key : code, status); return; }
      this.keyName = `dk.pj.${this.code}`;
      store.set(this.keyName, this.key);
      // The address changes without a hashchange: this view stays and connects with the new key.
      history.replaceState(null, '', `#projector=${encodeURIComponent(this.code)}`);
      this.error = null; this.state = initialState(); this.live = false;
      this.build();
      this.conn.restart();
    });
    fill(this.main, section('pj-ask', t('pj.askTitle'), h('p', {}, t('pj.askText')), form));
  }

  render() {
    if (!this.els) return;
    const s = this.state, r = currentRound(s);
    // The room reads the meeting's language, as participants' phones do (unless this computer chose one).
    if (s.meeting?.language && s.meeting.language !== lang()) document.dispatchEvent(new CustomEvent('dk:meeting-language', { detail: s.meeting.language }));
    const textLang = contentLang(s.meeting);
    fill(this.els.round, s.meeting ? h('p', { class: 'pj-title', lang: textLang }, s.meeting.title) : null,
      r ? h('p', { class: 'pj-round-no' }, t('round.number', { n: r.number })) : null,
      r?.question ? h('p', { class: 'pj-question', lang: textLang }, r.question) : null,
      r ? h('p', { class: 'pj-clock', 'data-clock': r.id }, roundClock(r)) : h('p', { class: 'pj-question' }, t('pj.welcome')));
    // The room sees the last question put to everyone: one asked of a few tables is theirs.
    const q = [...s.questionOrder].reverse().map((id) => s.questions[id]).find((x) => !x.tables) || null;
    if (!q) fill(this.els.results);
    else {
      const counts = tally(q), n = Object.keys(q.answers).length;
      fill(this.els.results, h('h2', { lang: textLang }, q.text), h('p', { class: 'hint' }, t('f.answers', { n })),
        q.kind === 'word_cloud' ? wordCloud(counts) : resultsTable(q, counts, n));
    }
    const joined = sectorCounts(s), inputs = inputSectorCounts(s, { shownOnly: true });
    fill(this.els.sectors, h('table', { class: 'counts pj-counts' }, h('caption', {}, t('pj.participation')),
      h('thead', {}, h('tr', {}, h('td', {}), SECTORS.map((x) => h('th', { scope: 'col' }, sectorLabel(x))))),
      h('tbody', {},
        h('tr', {}, h('th', { scope: 'row' }, t('pj.joined')), SECTORS.map((x) => h('td', {}, String(joined[x] || 0)))),
        h('tr', {}, h('th', { scope: 'row' }, t('pj.inputs')), SECTORS.map((x) => h('td', {}, String(inputs[x] || 0)))))));
  }

  tick() {
    for (const el of this.main.querySelectorAll('[data-clock]')) el.textContent = roundClock(this.state.rounds[el.dataset.clock]);
  }
}


// The facilitator's page: create or resume a meeting, then run it live.
import { h, fill, field, flagField, select, fid } from './dom.js';
import { t, lang, contentLang } from './i18n.js';
import { Connection, store } from './protocol.js';
import {
  initialState, apply, roundList, runningRound, currentRound, topInputs, repliesTo,
  sectorCounts, inputSectorCounts, tally, feedbackFor, asksForFeedback, idOrder, presentAt, missingSides, seatingNotes,
} from './state.js';
import { noteServerTime, serverNow, announce, showConnection, errorText, roundClock, sectorLabel, personLine, reconcile, section, formStatus, setFormStatus, minutesURL } from './ui.js';
import { renderMatrix, rememberRules } from './matrix.js';
import { resultsTable } from './results.js';
import { parseCSV, decodeCSV, expectedFromRows, compareExpected } from './csv.js';

const SECTORS = ['public', 'civil', 'other'];
const LEVELS = ['information', 'consultation', 'dialogue', 'partnership'];
const STEPS = ['agenda_setting', 'drafting', 'decision', 'implementation', 'monitoring', 'reformulation'];
const THEMES = ['activity', 'grants', 'steering_documents', 'political_decision'];
const PHASES = ['preconditions', 'identify_involve', 'plan_adjust', 'implement_polish'];
const QKINDS = ['open', 'single', 'multiple', 'scale', 'word_cloud'];
const FSTATUS = ['noted', 'taken_forward', 'in_progress', 'done', 'not_pursued'];
const ALL_PANELS = ['head', 'people', 'tables', 'rounds', 'seating', 'questions', 'inputs', 'topics', 'summaries',
  'commitments', 'exit', 'feedback', 'expected', 'selects', 'matrix', 'close'];
const PEOPLE = ['people', 'expected', 'selects', 'seating', 'tables', 'inputs', 'exit'];
/** Which panels an event can change; kinds not listed redraw everything. */
const PANELS_BY_KIND = {
  meeting_created: ['head', 'matrix'], participant_joined: PEOPLE, participant_left: PEOPLE, role_set: PEOPLE,
  table_added: ['tables', 'selects', 'seating', 'questions'], table_in_use_set: ['tables', 'seating', 'selects'], host_set: ['tables', 'seating', 'people'],
  round_planned: ['rounds'], round_seated: ['rounds', 'seating', 'people'], participant_seated: ['seating', 'people'],
  // Where people sit now changes with a round's start and close (a round seated ahead takes over).
  round_started: ['rounds', 'seating', 'people'], round_extended: ['rounds'], round_closed: ['rounds', 'seating', 'people'],
  question_pushed: ['questions', 'topics'], question_closed: ['questions'], answer_given: ['questions'], answer_hidden: ['questions'],
  topic_proposed: ['topics'], topic_hidden: ['topics'], input_added: ['inputs', 'feedback'], reaction_added: ['inputs'], input_hidden: ['inputs', 'feedback'],
  summary_recorded: ['summaries'], commitment_recorded: ['commitments'], exit_poll_answered: ['exit'],
  feedback_due_set: ['feedback'], feedback_recorded: ['feedback'],
};
const FORMATS = ['html', 'pdf', 'md', 'csv', 'json'];

export class FacilitatorView {
  constructor(main, params) {
    this.main = main;
    this.code = (params.facilitate || store.get('dk.fcurrent') || '').toUpperCase() || null;
    this.key = this.code ? store.get(`dk.f.${this.code}`) : null;
    if (!this.key) this.code = null;
    this.state = initialState();
    this.matrix = null;
    this.live = false;
    this.dirty = new Set(['all']);
    this.conn = new Connection({
      handshake: () => this.key ? { type: 'facilitate', code: this.code, key: this.key, after: this.state.lastSeq } : null,
      onEvent: (seq, ev, live) => { if (live) noteServerTime(ev.at); this.event(seq, ev); },
      onMatrix: (m) => { this.matrix = m; this.dirty.add('matrix'); this.scheduleRender(); },
      onMatrixRules: (rules) => { rememberRules(rules); this.dirty.add('matrix'); this.scheduleRender(); },
      onStatus: (s) => showConnection(s),
      // Built once per meeting: a reconnect replays what was missed into the panels, and keeps
      // what the facilitator was typing and where the focus was.
      onReady: (hs, result) => {
        if (result?.minutes_key) this.minutesKey = result.minutes_key;
        if (result?.projector_key) this.projectorKey = result.projector_key;
        if (hs && !this.live) { this.live = true; this.build(); if (document.activeElement === document.body) this.main.focus(); }
      },
      // A laptop back from sleep or a break takes a new socket: an idle facilitator page sends
      // nothing that would show the old one dead.
      restartOnWake: true,
      onHandshakeError: (e) => { this.key = null; this.code = null; this.freshKey = null; store.del('dk.fcurrent'); this.startError = errorText(e); this.startErrorCode = e.code; this.startErrorNew = true; this.build(); },
    });
    this.build();
    this.conn.start();
  }

  event(seq, ev) {
    if (typeof seq === 'number' && seq <= this.state.lastSeq) return;
    apply(this.state, seq, ev);
    if (this.live && ev.kind === 'summary_recorded') announce(t('ann.summary'));
    for (const panel of PANELS_BY_KIND[ev.kind] || ALL_PANELS) this.dirty.add(panel);
    this.scheduleRender();
  }

  scheduleRender() {
    if (this.renderPending) return;
    this.renderPending = true;
    requestAnimationFrame(() => { this.renderPending = false; this.render(); });
  }

  /**
   * Sends a facilitator command and reports the outcome in `status`. While a form's command is
   * unanswered, the form sends nothing more: a double click, or clicks while offline, would each
   * get an id of their own and push a question twice or add ten minutes instead of five.
   */
  async run(type, fields, status, okText) {
    if (status?.dataset.busy) throw new Error('busy');
    if (status) { status.dataset.busy = '1'; setFormStatus(status, t('f.sending'), 'wait'); }
    try {
      const result = await this.conn.send(type, fields).done;
      if (status) setFormStatus(status, okText || t('f.done'), 'ok');
      return result;
    } catch (e) {
      if (status) setFormStatus(status, errorText(e), 'error');
      else announce(errorText(e));
      throw e;
    } finally {
      if (status) delete status.dataset.busy;
    }
  }

  // ---------- start: create or resume ----------

  build() {
    if (!this.key) { this.buildStart(); return; }
    if (!this.live) { fill(this.main, h('p', { class: 'card' }, t('f.loading'))); return; }
    this.buildMeeting();
  }

  buildStart() {
    this.els = null;
    const title = h('input', { type: 'text', required: true, maxlength: 200 });
    const purpose = h('textarea', { rows: 3, maxlength: 2000 });
    // Today where the facilitator is (toISOString is UTC: yesterday until 01:00 or 02:00 in Sweden).
    const now = new Date();
    const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    const date = h('input', { type: 'date', required: true, value: today });
    const language = select([['sv', 'svenska'], ['en', 'English']]);
    language.options[0].lang = 'sv'; language.options[1].lang = 'en';
    language.value = lang();
    const level = select(LEVELS.map((l) => [l, t(`level.${l}`)]));
    level.value = 'dialogue';
    const step = select(STEPS.map((s) => [s, t(`step.${s}`)]));
    const theme = select([['', t('f.none')], ...THEMES.map((x) => [x, t(`theme.${x}`)])]);
    const phase = select([['', t('f.none')], ...PHASES.map((x) => [x, t(`phase.${x}`)])]);
    const series = h('input', { type: 'text', maxlength: 200 });
    const status = formStatus();
    const create = h('form', { class: 'grid-form', novalidate: true },
      field(t('f.title'), title)[0], field(t('f.purpose'), purpose)[0], field(t('f.date'), date)[0],
      field(t('f.language'), language)[0], field(t('f.level'), level, t('f.levelHint'))[0], field(t('f.step'), step)[0],
      field(t('f.theme'), theme)[0], field(t('f.phase'), phase)[0], field(t('f.series'), series, t('f.seriesHint'))[0],
      h('button', { type: 'submit', class: 'primary' }, t('f.create')), status);
    create.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!title.value.trim()) { setFormStatus(status, t('f.needTitle'), 'error'); flagField(title, status); return; }
      const fields = { title: title.value.trim(), date: date.value, declared_level: level.value, decision_step: step.value, language: language.value };
      if (purpose.value.trim()) fields.purpose = purpose.value.trim();
      if (theme.value) fields.theme = theme.value;
      if (phase.value) fields.phase = phase.value;
      if (series.value.trim()) fields.series = series.value.trim();
      try {
        this.state = initialState();
        const r = await this.run('create_meeting', fields, status);
        this.code = r.code; this.key = r.facilitator_key; this.freshKey = r.facilitator_key; this.minutesKey = r.minutes_key; this.projectorKey = r.projector_key;
        store.set(`dk.f.${r.code}`, r.facilitator_key); store.set('dk.fcurrent', r.code);
        this.live = true;
        this.buildMeeting();
        this.main.focus();
      } catch { /* shown */ }
    });
    const code = h('input', { type: 'text', required: true, maxlength: 12, autocapitalize: 'characters' });
    const key = h('input', { type: 'text', required: true, autocomplete: 'off', spellcheck: 'false' });
    const rstatus = formStatus();
    if (this.startError) setFormStatus(rstatus, this.startError, 'error');
    const resume = h('form', { novalidate: true }, field(t('f.code'), code)[0], field(t('f.key'), key)[0],
      h('button', { type: 'submit' }, t('f.resume')), rstatus);
    resume.addEventListener('submit', (e) => {
      e.preventDefault();
      this.code = code.value.trim().toUpperCase(); this.key = key.value.trim(); this.freshKey = null;
      if (!this.code || !this.key) { setFormStatus(rstatus, t('f.needCodeKey'), 'error'); flagField(this.code ? key : code, rstatus); return; }
      store.set(`dk.f.${this.code}`, this.key); store.set('dk.fcurrent', this.code);
      this.state = initialState(); this.live = false; this.startError = null;
      fill(this.main, h('p', { class: 'card' }, t('f.loading')));
      // The button that had the focus is gone: keep it in the page, and say what happens.
      this.main.focus();
      announce(t('f.loading'));
      this.conn.discardPending();
      this.conn.restart();
    });
    fill(this.main, h('h1', {}, t('f.heading')),
      section('f-create', t('f.createTitle'), create),
      section('f-resume', t('f.resumeTitle'), h('p', { class: 'hint' }, t('f.resumeHint')), resume));
    if (this.startError && this.startErrorNew) {
      // A refused code or key: the form is back with the reason, which is also said, at the field
      // (once: a redraw for the other language leaves the focus where it is).
      this.startErrorNew = false;
      announce(this.startError);
      flagField(this.startErrorCode === 'unknown_meeting' ? code : key, rstatus);
    }
  }

  // ---------- the running meeting ----------

  buildMeeting() {
    const e = this.els = {};
    /** Table id → its status line, kept across the tables panel's redraws. */
    this.tableStatus = new Map();
    e.head = h('div', { class: 'meeting-head' });
    e.people = h('div'); e.tables = h('div'); e.rounds = h('div'); e.seating = h('div');
    e.questions = h('div'); e.inputs = h('div', { class: 'by-table' }); e.topics = h('div'); e.summaries = h('div');
    e.commitments = h('div'); e.matrix = h('div'); e.exit = h('div'); e.feedbackList = h('div'); e.expected = h('div');
    e.closeBox = h('div');
    fill(this.main,
      e.head,
      h('div', { class: 'cols' },
        h('div', { class: 'col' },
          section('f-rounds', t('f.rounds'), e.rounds, h('h3', {}, t('f.planRound')), this.planForm()),
          section('f-seating', t('f.seating'), e.seating, this.moveForm()),
          section('f-questions', t('f.questions'), this.pushForm(), e.questions),
          section('f-inputs', t('f.inputs'), e.inputs),
          section('f-topics', t('f.topics'), e.topics),
          section('f-summaries', t('f.summaries'), e.summaries)),
        h('div', { class: 'col' },
          section('f-people', t('f.people'), e.people),
          section('f-tables', t('f.tables'), this.tablesForm(), e.tables, this.hostForm()),
          section('f-expected', t('f.expected'), this.csvForm(), e.expected),
          section('f-matrix', t('f.matrix'), e.matrix),
          section('f-exit', t('f.exitPoll'), e.exit),
          section('f-commit', t('f.commitments'), this.commitForm(), e.commitments),
          section('f-feedback', t('f.feedback'), this.feedbackDueForm(), this.feedbackForm(), e.feedbackList),
          section('f-close', t('f.closeMeeting'), e.closeBox, this.closeForm()))));
    this.dirty = new Set(['all']);
    this.render();
  }

  /** Redraws the panels that the events since the last frame touched (all after a rebuild). */
  render() {
    if (!this.els) return;
    const active = document.activeElement?.dataset?.fk;
    const activeSection = document.activeElement?.closest?.('section.card')?.id;
    const s = this.state, e = this.els;
    const dirty = this.dirty.has('all') ? new Set(ALL_PANELS) : this.dirty;
    this.dirty = new Set();
    const draw = {
      head: () => this.renderHead(), people: () => this.keepState(e.people, () => this.renderPeople()), tables: () => this.keepState(e.tables, () => this.renderTables()),
      rounds: () => this.renderRounds(), seating: () => this.renderSeating(),
      questions: () => this.keepState(e.questions, () => this.renderQuestions()),
      inputs: () => this.renderInputs(), topics: () => this.keepState(e.topics, () => this.renderTopics()), summaries: () => this.renderSummaries(),
      commitments: () => this.renderCommitments(), exit: () => this.renderExit(), feedback: () => this.renderFeedback(),
      expected: () => this.renderExpected(), selects: () => this.renderSelects(),
      // A new result comes each second while people write: the sections being read stay open.
      matrix: () => this.keepState(e.matrix, () => fill(e.matrix, renderMatrix(this.matrix, s))),
      // Once closed, the server takes only feedback: the forms for anything else leave the page.
      close: () => {
        // The close form leaves the page with the close: the focus goes to the notice that says so.
        const wasClosing = !!s.closed && !this.main.classList.contains('meeting-closed') && e.closeBox.parentElement.contains(document.activeElement);
        this.main.classList.toggle('meeting-closed', !!s.closed);
        const notice = s.closed ? h('p', { class: 'notice', tabindex: '-1' }, t('f.isClosed')) : null;
        fill(e.closeBox, notice);
        if (wasClosing) { notice.focus(); announce(t('f.isClosed')); }
      },
    };
    for (const panel of ALL_PANELS) if (dirty.has(panel)) draw[panel]();
    // An item just hidden: its "Hide…" form is gone from view, so focus goes to its note saying why.
    const hiddenBox = document.activeElement?.closest?.('.hide-box[hidden]');
    const note = hiddenBox?.parentElement.querySelector(':scope > .hidden-note');
    if (note) { note.setAttribute('tabindex', '-1'); note.focus(); }
    if ((active || activeSection) && document.activeElement === document.body) {
      // The control was redrawn or removed: focus its successor, or else the panel's heading, never the page top.
      const again = active && this.main.querySelector(`[data-fk="${CSS.escape(active)}"]`);
      const heading = activeSection && this.main.querySelector(`#${activeSection}-h`);
      if (again) again.focus();
      else if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus(); }
    }
  }

  tick() {
    const r = runningRound(this.state);
    for (const el of this.main.querySelectorAll('[data-clock]')) {
      const round = this.state.rounds[el.dataset.clock];
      el.textContent = roundClock(round);
      el.classList.toggle('overtime', round?.state === 'running' && round.endsAt < serverNow());
    }
    return r;
  }

  renderHead() {
    const s = this.state, code = this.code;
    const link = `${location.origin}/#join=${code}`;
    const copy = (text, status) => async () => {
      try { await navigator.clipboard.writeText(text); setFormStatus(status, t('f.copied')); } catch { setFormStatus(status, t('f.copyFailed'), 'error'); }
    };
    if (!this.els.headBuilt) {
      const keyStatus = formStatus(), linkStatus = formStatus(), projectorStatus = formStatus();
      // The projector's link carries the projector key, which shows the meeting and runs nothing:
      // it can be opened on the venue's computer, which may keep it.
      const projectorLink = `#projector=${code}${this.projectorKey ? `&key=${this.projectorKey}` : ''}`;
      const keyBox = this.freshKey ? h('div', { class: 'notice key-notice' },
        h('p', {}, h('strong', {}, t('f.keyTitle'))), h('p', {}, t('f.keyText')),
        h('p', { class: 'key' }, h('code', { id: 'fac-key' }, this.freshKey)),
        h('div', { class: 'actions' },
          h('button', { type: 'button', on: { click: copy(this.freshKey, keyStatus) } }, t('f.copyKey')),
          h('button', { type: 'button', id: 'key-saved', on: { click: (ev) => { this.freshKey = null; ev.target.closest('.key-notice').remove(); this.els.title.focus(); } } }, t('f.keySaved'))),
        keyStatus) : null;
      // The notice stays, through a language switch too, until the facilitator says the key is saved.
      // The minutes key only reads the minutes: the link can go to everyone who took part.
      const readLink = this.minutesKey ? minutesURL(code, this.minutesKey) : null;
      const exportStatus = formStatus();
      this.els.title = h('h1', { tabindex: '-1' });
      this.els.meta = h('p', { class: 'meta' });
      fill(this.els.head, this.els.title, this.els.meta,
        h('div', { class: 'join-info' },
          h('p', {}, t('f.joinCode'), ' ', h('strong', { class: 'big-code', id: 'join-code' }, code)),
          h('p', {}, t('f.joinLink'), ' ', h('a', { href: link, id: 'join-link' }, link), ' ',
            h('button', { type: 'button', on: { click: copy(link, linkStatus) } }, t('f.copyLink')), linkStatus),
          h('p', {}, h('a', { href: projectorLink, id: 'projector-link', target: '_blank', rel: 'noopener' }, t('f.openProjector')), ' ',
            this.projectorKey ? [h('button', { type: 'button', on: { click: copy(`${location.origin}/${projectorLink}`, projectorStatus) } }, t('f.copyProjectorLink')), ' '] : null,
            h('button', { type: 'button', id: 'other-meeting', on: { click: () => this.leaveMeeting() } }, t('f.otherMeeting'))),
          this.projectorKey ? [h('p', { class: 'hint' }, t('f.projectorHint')), projectorStatus] : null),
        keyBox,
        h('nav', { class: 'exports', 'aria-label': t('f.exports') }, h('span', {}, t('f.exports')), ' ',
          FORMATS.map((f) => h('button', { type: 'button', 'data-format': f, on: { click: () => this.download(f, exportStatus) } }, f.toUpperCase())),
          readLink ? [h('a', { href: readLink, id: 'minutes-read-link', target: '_blank', rel: 'noopener' }, t('f.printHint')), ' ',
            h('button', { type: 'button', on: { click: copy(`${location.origin}${readLink}`, exportStatus) } }, t('f.shareMinutes'))] : null,
          exportStatus));
      this.els.headBuilt = true;
    }
    this.els.title.textContent = s.meeting?.title || code;
    // What people wrote is read in the meeting's language, whichever language the page has.
    const cl = contentLang(s.meeting);
    if (cl) this.els.title.lang = cl; else this.els.title.removeAttribute('lang');
    const m = s.meeting || {};
    this.els.meta.textContent = [m.date, m.declared_level && `${t('f.declared')}: ${t(`level.${m.declared_level}`)}`,
      m.decision_step && t(`step.${m.decision_step}`), m.theme && t(`theme.${m.theme}`), m.series].filter(Boolean).join(' · ');
  }

  /**
   * Downloads the minutes in one format. The key goes in a header, never in an address that
   * could be copied, bookmarked or forwarded.
   */
  async download(format, status) {
    setFormStatus(status, t('f.downloading', { format: format.toUpperCase() }), 'wait');
    try {
      // A saved HTML file carries its stylesheet inside (standalone), so it keeps its layout when mailed.
      const standalone = format === 'html' ? '?standalone=1' : '';
      const response = await fetch(`/api/meetings/${encodeURIComponent(this.code)}/minutes.${format}${standalone}`, { headers: { Authorization: `Bearer ${this.key}` }, cache: 'no-store' });
      if (!response.ok) {
        // The server says why (no Chromium for a PDF, both print slots busy), in both languages.
        const reason = await response.json().catch(() => null);
        setFormStatus(status, reason?.code ? errorText(reason) : t('f.downloadFailed'), 'error');
        return;
      }
      const url = URL.createObjectURL(await response.blob());
      const a = h('a', { href: url, download: `protokoll-${this.code}.${format}`, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      setFormStatus(status, t('f.downloaded', { format: format.toUpperCase() }));
    } catch {
      setFormStatus(status, t('f.downloadFailed'), 'error');
    }
  }

  /** Back to the start screen (create or continue another meeting); the key stays stored. */
  leaveMeeting() {
    store.del('dk.fcurrent');
    this.code = null; this.key = null; this.freshKey = null; this.live = false; this.state = initialState(); this.matrix = null;
    this.conn.discardPending();
    this.conn.restart(); // a new socket at once, not after the old one's closing handshake
    this.build();
    this.main.focus();
  }

  people() { return this.state.participantOrder.map((id) => this.state.participants[id]).filter((p) => p.joined_at !== undefined); }

  renderPeople() {
    const s = this.state, counts = sectorCounts(s), present = this.people().filter((p) => !p.left);
    const orgs = new Map();
    for (const p of present) if (p.organisation) orgs.set(p.organisation, (orgs.get(p.organisation) || 0) + 1);
    const round = currentRound(s);
    fill(this.els.people,
      h('p', { class: 'big-number', id: 'joined-count' }, t('f.joinedCount', { n: present.length })),
      h('table', { class: 'counts' }, h('caption', {}, t('f.bySector')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('f.sector')), h('th', { scope: 'col' }, t('f.count')))),
        h('tbody', {}, SECTORS.map((x) => h('tr', {}, h('th', { scope: 'row' }, sectorLabel(x)), h('td', {}, String(counts[x] || 0)))))),
      h('p', {}, t('f.orgCount', { n: orgs.size })),
      h('details', { 'data-keep': 'people' }, h('summary', {}, t('f.peopleList')),
        h('ul', { class: 'people', id: 'people-list' }, present.map((p) => {
          const tid = round?.seating[p.id];
          return h('li', {}, h('span', { class: 'person-name' }, p.name), p.show_name === false ? ` (${t('f.pseudonym')})` : null,
            h('span', { class: 'person-org' }, [p.organisation, sectorLabel(p.sector), p.role !== 'participant' ? t(`role.${p.role}`) : null,
              tid ? s.tables[tid]?.name : null].filter(Boolean).join(' · ')));
        }))));
  }

  tablesForm() {
    const count = h('input', { type: 'number', min: 1, max: 200, value: 3, inputmode: 'numeric' });
    const status = formStatus();
    const form = h('form', { class: 'row-form live-only' }, field(t('f.tableCount'), count)[0], h('button', { type: 'submit' }, t('f.addTables')), status);
    form.addEventListener('submit', (e) => { e.preventDefault(); this.run('add_tables', { count: Number(count.value) || 1 }, status).catch(() => {}); });
    return form;
  }

  hostForm() {
    this.hostTable = select([], { id: 'host-table' }); this.hostPerson = select([], { id: 'host-person' });
    const status = formStatus();
    const form = h('form', { class: 'row-form live-only' }, h('h3', {}, t('f.setHost')), field(t('f.table'), this.hostTable)[0], field(t('f.person'), this.hostPerson)[0],
      h('button', { type: 'submit' }, t('f.setHostBtn')), status);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!this.hostTable.value || !this.hostPerson.value) { setFormStatus(status, t('f.pickBoth'), 'error'); flagField(this.hostTable.value ? this.hostPerson : this.hostTable, status); return; }
      this.run('set_host', { table: this.hostTable.value, participant: this.hostPerson.value }, status).catch(() => {});
    });
    return form;
  }

  renderTables() {
    const s = this.state;
    if (!s.tableOrder.length) { fill(this.els.tables, h('p', {}, t('f.noTables'))); return; }
    fill(this.els.tables, h('ul', { class: 'tables' }, s.tableOrder.map((id) => {
      const tb = s.tables[id];
      const inUse = tb.in_use !== false;
      // Fewer came than tables were set out: tables out of use get nobody in the next seating.
      const toggle = h('button', { type: 'button', 'data-fk': `inuse-${id}`, 'aria-label': t(inUse ? 'f.tableOutOfUseFor' : 'f.tableInUseFor', { table: tb.name }) },
        t(inUse ? 'f.tableOutOfUse' : 'f.tableInUse'));
      // A refusal (a table with a host, the last table in use) is shown here, and stays through
      // the redraws that joins cause.
      if (!this.tableStatus.has(id)) this.tableStatus.set(id, formStatus());
      const status = this.tableStatus.get(id);
      toggle.addEventListener('click', () => {
        this.run('set_table_in_use', { table: id, in_use: !inUse }, status)
          .then(() => announce(t(inUse ? 'f.tableNowOutOfUse' : 'f.tableNowInUse', { table: tb.name }))).catch(() => {});
      });
      // A host chosen by mistake, or one who has to leave, becomes a participant again.
      const unhost = (p) => h('button', {
        type: 'button', 'data-fk': `unhost-${id}-${p}`, 'aria-label': t('f.unhostFor', { name: s.participants[p]?.name || p, table: tb.name }),
        on: { click: () => this.run('set_role', { participant: p, role: 'participant' }, status).catch(() => {}) },
      }, t('f.unhost'));
      return h('li', { 'data-keep': `table:${id}`, class: inUse ? null : 'out-of-use' }, h('strong', {}, tb.name), ' — ',
        inUse ? (tb.hosts.length ? [`${t('p.host')}: `, tb.hosts.map((p) => [s.participants[p]?.name || p, ' ', unhost(p), ' '])] : t('f.noHost')) : t('f.notInUse'),
        ' ', toggle, status);
    })));
  }

  renderSelects() {
    const s = this.state;
    const tables = s.tableOrder.map((id) => [id, s.tables[id].name]);
    // Hosts and moves go only to tables in use (the server refuses the others).
    const inUse = tables.filter(([id]) => s.tables[id].in_use !== false);
    const people = this.people().filter((p) => !p.left).map((p) => [p.id, personLine(p)]);
    setOptions(this.hostTable, [['', t('f.choose')], ...inUse]);
    setOptions(this.hostPerson, [['', t('f.choose')], ...people]);
    setOptions(this.moveTable, [['', t('f.choose')], ...inUse]);
    setOptions(this.movePerson, [['', t('f.choose')], ...people]);
    const box = this.pushTables;
    if (box && box.dataset.sig !== tables.map((x) => x.join()).join('|')) {
      box.dataset.sig = tables.map((x) => x.join()).join('|');
      fill(box, tables.map(([id, name]) => { const i = fid('pt'); return h('span', { class: 'check' }, h('input', { type: 'checkbox', id: i, value: id }), h('label', { for: i }, name)); }));
    }
  }

  planForm() {
    const q = h('textarea', { rows: 2, maxlength: 2000 });
    const minutes = h('input', { type: 'number', min: 1, max: 240, value: 20, inputmode: 'numeric' });
    const status = formStatus();
    const form = h('form', { class: 'live-only' }, field(t('f.roundQuestion'), q)[0], field(t('f.minutes'), minutes)[0], h('button', { type: 'submit' }, t('f.planRound')), status);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const fields = { minutes: Number(minutes.value) || 20 };
      if (q.value.trim()) fields.question = q.value.trim();
      this.run('plan_round', fields, status).then(() => { q.value = ''; }).catch(() => {});
    });
    return form;
  }

  renderRounds() {
    const s = this.state, rounds = roundList(s);
    if (!rounds.length) { fill(this.els.rounds, h('p', {}, t('f.noRounds'))); return; }
    const status = this.roundStatus || (this.roundStatus = formStatus());
    fill(this.els.rounds, h('ol', { class: 'rounds' }, rounds.map((r) => {
      const seated = Object.keys(r.seating).length > 0;
      // Every round has these buttons: each says which round it acts on.
      const btn = (label, fk, fn, disabled) => h('button', { type: 'button', 'data-fk': fk, disabled, on: { click: fn } },
        label, h('span', { class: 'sr-only' }, ` – ${t('round.number', { n: r.number })}`));
      return h('li', { class: `round round-${r.state}` },
        h('p', {}, h('strong', {}, t('round.number', { n: r.number })), r.question ? [': ', h('span', { lang: contentLang(s.meeting) }, r.question)] : '', ` (${t('f.minutesN', { n: r.minutes })})`),
        h('p', { class: 'clock', 'data-clock': r.id }, roundClock(r)),
        s.closed ? null : h('div', { class: 'actions' },
          r.state === 'planned' ? btn(seated ? t('f.reseat') : t('f.seat'), `seat-${r.id}`, () => this.run('seat_round', { round: r.id }, status).catch(() => {})) : null,
          r.state === 'planned' ? btn(t('f.start'), `start-${r.id}`, () => this.run('start_round', { round: r.id }, status).catch(() => {}), !!runningRound(s)) : null,
          r.state === 'running' ? btn(t('f.extend'), `extend-${r.id}`, () => this.run('extend_round', { round: r.id, minutes: 5 }, status).catch(() => {})) : null,
          r.state === 'running' ? btn(t('f.closeRound'), `close-${r.id}`, () => this.run('close_round', { round: r.id }, status).catch(() => {})) : null));
    })), status);
  }

  renderSeating() {
    const s = this.state, round = currentRound(s);
    if (!round || !Object.keys(round.seating).length) { fill(this.els.seating, h('p', {}, t('f.noSeating'))); return; }
    fill(this.els.seating, h('p', {}, t('f.seatingOf', { n: round.number })),
      h('div', { class: 'seating' }, s.tableOrder.filter((tid) => s.tables[tid].in_use !== false || presentAt(s, round, tid).length).map((tid) => {
        const members = presentAt(s, round, tid);
        const c = { public: 0, civil: 0, other: 0 };
        for (const id of members) c[s.participants[id]?.sector || 'other']++;
        const missing = missingSides(s, round, tid);
        return h('div', { class: 'seat-table' }, h('h3', {}, s.tables[tid].name),
          h('p', { class: 'hint' }, SECTORS.map((x) => `${sectorLabel(x)}: ${c[x]}`).join(' · ')),
          missing.map((x) => h('p', { class: 'notice' }, t('f.tableLacks', { sector: sectorLabel(x) }))),
          this.seatingNoteLines(round, tid),
          h('ul', {}, members.map((id) => { const p = s.participants[id] || { name: id }; return h('li', {}, p.name, s.tables[tid].hosts.includes(id) ? ` (${t('p.host')})` : '', h('span', { class: 'person-org' }, [p.organisation, sectorLabel(p.sector)].filter(Boolean).join(' · '))); })));
      })));
  }

  /** Colleagues at one table and people who sat together before: hints for a move. */
  seatingNoteLines(round, tid) {
    const s = this.state, { colleagues, metBefore } = seatingNotes(s, round, tid);
    const name = (id) => s.participants[id]?.name || id;
    return [
      colleagues.map(([org, n]) => h('p', { class: 'hint seat-note' }, t('f.colleagues', { org, n }))),
      metBefore.length ? h('p', { class: 'hint seat-note' }, t('f.metBefore', { names: metBefore.map(([a, b]) => `${name(a)} & ${name(b)}`).join(', ') })) : null,
    ];
  }

  moveForm() {
    this.movePerson = select([], { id: 'move-person' }); this.moveTable = select([], { id: 'move-table' });
    const status = formStatus();
    const form = h('form', { class: 'row-form live-only' }, h('h3', {}, t('f.move')), field(t('f.person'), this.movePerson)[0], field(t('f.toTable'), this.moveTable)[0],
      h('button', { type: 'submit' }, t('f.moveBtn')), status);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!this.movePerson.value || !this.moveTable.value) { setFormStatus(status, t('f.pickBoth'), 'error'); flagField(this.movePerson.value ? this.moveTable : this.movePerson, status); return; }
      this.run('move_participant', { participant: this.movePerson.value, table: this.moveTable.value }, status).catch(() => {});
    });
    return form;
  }

  pushForm(prefill) {
    const text = h('textarea', { rows: 2, maxlength: 2000, id: 'push-text' });
    const kind = select(QKINDS.map((k) => [k, t(`qkind.${k}`)]), { id: 'push-kind' });
    // 20 options of 200 characters, one per line: what the server takes (Limits.options, optionLength)
    const options = h('textarea', { rows: 3, maxlength: 4020, id: 'push-options' });
    const [optWrap] = field(t('f.options'), options, t('f.optionsHint'));
    optWrap.hidden = true;
    kind.addEventListener('change', () => { optWrap.hidden = !(kind.value === 'single' || kind.value === 'multiple'); });
    this.pushTables = h('div', { class: 'checks' });
    const status = formStatus();
    this.pushTopic = null;
    const form = h('form', { id: 'push-form', class: 'live-only' }, field(t('f.questionText'), text)[0], field(t('f.kind'), kind)[0], optWrap,
      h('fieldset', {}, h('legend', {}, t('f.toTables')), h('p', { class: 'hint' }, t('f.toTablesHint')), this.pushTables),
      h('button', { type: 'submit' }, t('f.push')), status);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!text.value.trim()) { setFormStatus(status, t('input.empty'), 'error'); flagField(text, status); return; }
      const fields = { text: text.value.trim(), kind: kind.value };
      if (kind.value === 'single' || kind.value === 'multiple') fields.options = options.value.split('\n').map((x) => x.trim()).filter(Boolean);
      const tables = [...this.pushTables.querySelectorAll('input:checked')].map((x) => x.value);
      if (tables.length) fields.tables = tables;
      // The question counts as taken up from a topic only while it carries that topic's text; a
      // topic hidden meanwhile is still named, so the server refuses to ask its words.
      const topic = this.pushTopic && this.state.topics.find((k) => k.id === this.pushTopic);
      if (topic && topic.text === fields.text) fields.from_topic = topic.id;
      this.run('push_question', fields, status, t('f.pushed')).then(() => {
        text.value = ''; options.value = ''; this.pushTopic = null;
        // The next question goes to everyone unless tables are ticked for it again.
        for (const box of this.pushTables.querySelectorAll('input:checked')) box.checked = false;
      }).catch(() => {});
    });
    this.pushText = text;
    return form;
  }

  renderQuestions() {
    const s = this.state;
    const qs = s.questionOrder.map((id) => s.questions[id]).reverse();
    if (!qs.length) { fill(this.els.questions, h('p', {}, t('f.noQuestions'))); return; }
    fill(this.els.questions, h('ul', { class: 'qlist' }, qs.map((q) => {
      const counts = tally(q), n = Object.keys(q.answers).length;
      return h('li', { class: 'question' }, h('p', { class: 'q-text', lang: contentLang(s.meeting) }, q.text),
        h('p', { class: 'hint' }, [t(`qkind.${q.kind}`), q.tables ? t('f.forTables', { list: q.tables.map((x) => s.tables[x]?.name || x).join(', ') }) : t('f.allTables'),
          t('f.answers', { n }), q.open ? t('f.open') : t('f.closed')].join(' · ')),
        resultsTable(q, counts, n),
        this.answersOneByOne(q),
        q.open && !s.closed ? h('button', { type: 'button', 'data-fk': `closeq-${q.id}`, on: { click: () => this.run('close_question', { question: q.id }).catch(() => {}) } }, t('f.closeQuestion'), h('span', { class: 'sr-only', lang: contentLang(s.meeting) }, ` – ${q.text}`)) : null);
    })));
  }

  /** Free-text answers with who gave them, each with "Hide…": what a facilitator moderates. */
  answersOneByOne(q) {
    if ((q.kind !== 'open' && q.kind !== 'word_cloud') || !Object.keys(q.answers).length || this.state.closed) return null;
    const s = this.state, key = `answers:${q.id}`;
    const list = h('ul', {});
    const summary = h('summary', {}, t('f.answersOneByOne'), h('span', { class: 'sr-only' }, ` – ${q.text}`));
    const details = h('details', { class: 'answers-one-by-one', 'data-keep': key }, summary, list);
    // Built only while open: in a café of 200, each answer would otherwise rebuild 200 hide forms.
    const build = () => {
      if (list.childElementCount) return;
      fill(list, Object.entries(q.answers).sort(([a], [b]) => idOrder(a, b)).map(([pid, value]) => h('li', {},
        h('span', { class: 'text' }, String(value)), ' ', h('span', { class: 'hint' }, `(${s.participants[pid]?.name || pid})`),
        this.hideBox('hide_answer', { question: q.id, participant: pid }, t('f.hideAnswer'), String(value)))));
    };
    if (this.els.questions.querySelector(`details[data-keep="${CSS.escape(key)}"]`)?.open) build();
    // On the click (mouse, Enter or Space), so the list is there as the details opens; on the
    // toggle for any other way it opens.
    summary.addEventListener('click', build);
    details.addEventListener('toggle', () => { if (details.open) build(); });
    return details;
  }

  renderInputs() {
    const s = this.state, round = currentRound(s);
    const groups = new Map();
    for (const i of topInputs(s)) {
      const key = `${i.round || '-'}/${i.table || '-'}`;
      if (!groups.has(key)) groups.set(key, { key, round: i.round, table: i.table, items: [] });
      groups.get(key).items.push(i);
    }
    const list = [...groups.values()].sort((a, b) => (a.round === round?.id ? -1 : 0) - (b.round === round?.id ? -1 : 0) || idOrder(b.round || 'r0', a.round || 'r0') || idOrder(a.table || 't0', b.table || 't0'));
    if (!list.length) { fill(this.els.inputs, h('p', { class: 'empty' }, t('f.noInputs'))); return; }
    this.els.inputs.querySelector('.empty')?.remove();
    reconcile(this.els.inputs, list, (g) => g.key,
      (g) => h('section', { class: 'table-inputs' }, h('h3', {}), h('ul', { class: 'inputs' })),
      (el, g) => {
        el.querySelector('h3').textContent = `${s.tables[g.table]?.name || t('f.noTable')} · ${g.round ? t('round.number', { n: s.rounds[g.round]?.number }) : ''} (${g.items.length})`;
        reconcile(el.querySelector('ul'), g.items, (i) => i.id, (i) => this.inputItem(i), (li, i) => this.updateInput(li, i));
      });
  }

  /**
   * Redraws a panel that is filled anew on each change, keeping what the facilitator is in the
   * middle of: open `<details data-keep>`, the text typed inside them, and the focus.
   */
  keepState(container, draw) {
    const keyOf = (el) => el.closest('[data-keep]')?.dataset.keep;
    const open = new Set([...container.querySelectorAll('details[data-keep]')].filter((d) => d.open).map((d) => d.dataset.keep));
    const typed = new Map([...container.querySelectorAll('[data-keep] input[type=text]')].map((i) => [keyOf(i), i.value]));
    const active = container.contains(document.activeElement) ? document.activeElement : null;
    // The focused control by its own key (`data-fk`), else by its place among its kind in the
    // item: the item's first button may do something else (a table's "Not host" before its
    // "Take out of use").
    const focus = active && keyOf(active) ? {
      box: keyOf(active), fk: active.dataset.fk, tag: active.tagName.toLowerCase(),
      nth: [...active.closest('[data-keep]').querySelectorAll(active.tagName)].indexOf(active),
    } : null;
    draw();
    for (const d of container.querySelectorAll('details[data-keep]')) if (open.has(d.dataset.keep)) d.open = true;
    for (const i of container.querySelectorAll('[data-keep] input[type=text]')) { const v = typed.get(keyOf(i)); if (v) i.value = v; }
    if (focus) {
      const box = [...container.querySelectorAll('[data-keep]')].find((el) => el.dataset.keep === focus.box);
      // The control itself, else (it went with the redraw: "Not host" once pressed) the one now
      // in its place, else the item's first; with none, `render` moves focus to the panel's heading.
      const kind = box ? [...box.querySelectorAll(focus.tag)] : [];
      const same = (focus.fk && box?.querySelector(`[data-fk="${CSS.escape(focus.fk)}"]`))
        || kind[Math.min(focus.nth, kind.length - 1)] || box?.querySelector('button, input, select, textarea, a[href], summary');
      same?.focus();
    }
  }

  /**
   * "Hide…" with a reason, for an input, a topic or an answer: `command` with `fields` and the
   * reason. `itemText` names the item for screen readers, where many "Hide…" stand in a list.
   */
  hideBox(command, fields, buttonText, itemText) {
    const reason = h('input', { type: 'text', maxlength: 500 });
    const status = formStatus();
    const hide = h('form', { class: 'hide-form' }, field(t('f.hideReason'), reason)[0], h('button', { type: 'submit' }, buttonText), status);
    hide.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!reason.value.trim()) { setFormStatus(status, t('f.needReason'), 'error'); flagField(reason, status); return; }
      // The item and this form leave the page with the redraw: the outcome is announced instead.
      this.run(command, { ...fields, reason: reason.value.trim() }, status).then(() => announce(t('f.done'))).catch(() => {});
    });
    return h('details', { class: 'hide-box live-only', 'data-keep': [command, ...Object.values(fields)].join(':') },
      h('summary', {}, t('f.hideInput'), h('span', { class: 'sr-only' }, ` ${itemText}`)), hide);
  }

  inputItem(i) {
    return h('li', { class: 'input' },
      h('p', { class: 'meta' }, h('span', { class: `kind kind-${i.kind}` }, t(`kind.${i.kind}`)), ' ', h('span', { class: 'author' }), ' ', h('span', { class: 'agree-count' })),
      h('p', { class: 'text', lang: contentLang(this.state.meeting) }, i.text), h('p', { class: 'hidden-note' }), h('ul', { class: 'replies' }),
      this.hideBox('hide_input', { input: i.id }, t('f.hide'), i.text));
  }

  updateInput(li, i) {
    const s = this.state, p = s.participants[i.author];
    li.querySelector('.author').textContent = p ? `${p.name} (${sectorLabel(p.sector)})` : '';
    li.querySelector('.agree-count').textContent = i.agreedBy.length ? t('input.agreeCount', { n: i.agreedBy.length }) : '';
    const note = li.querySelector(':scope > .hidden-note');
    note.textContent = i.hidden ? t('input.hiddenBy', { reason: i.hidden }) : '';
    note.hidden = !i.hidden;
    li.classList.toggle('is-hidden', !!i.hidden);
    li.querySelector(':scope > .hide-box').hidden = !!i.hidden;
    // Replies are moderated like inputs: each has its own "Hide…".
    reconcile(li.querySelector('.replies'), repliesTo(s, i.id), (r) => r.id,
      (r) => h('li', {}, h('span', { class: 'author' }), ': ', h('span', { class: 'text', lang: contentLang(s.meeting) }, r.text), h('p', { class: 'hidden-note', hidden: true }),
        this.hideBox('hide_input', { input: r.id }, t('f.hide'), r.text)),
      (el, r) => {
        const rp = s.participants[r.author];
        el.querySelector('.author').textContent = rp ? `${rp.name} (${sectorLabel(rp.sector)})` : '';
        const replyNote = el.querySelector('.hidden-note');
        replyNote.textContent = r.hidden ? t('input.hiddenBy', { reason: r.hidden }) : '';
        replyNote.hidden = !r.hidden;
        el.classList.toggle('is-hidden', !!r.hidden);
        el.querySelector('.hide-box').hidden = !!r.hidden;
      });
  }

  renderTopics() {
    const s = this.state;
    if (!s.topics.length) { fill(this.els.topics, h('p', {}, t('f.noTopics'))); return; }
    fill(this.els.topics, h('ul', { class: 'topics' }, s.topics.map((k) => {
      const p = s.participants[k.author];
      if (k.hidden) return h('li', { class: 'is-hidden' }, h('p', { class: 'hidden-note' }, t('input.hiddenBy', { reason: k.hidden })), h('p', { class: 'hint' }, p ? personLine(p) : ''));
      return h('li', {}, h('p', { class: 'text', lang: contentLang(s.meeting) }, k.text), h('p', { class: 'hint' }, p ? personLine(p) : ''),
        k.takenUpAs ? h('p', { class: 'badge' }, t('f.takenUp')) : h('button', { type: 'button', class: 'live-only', 'data-fk': `topic-${k.id}`, on: { click: () => { this.pushTopic = k.id; this.pushText.value = k.text; this.pushText.focus(); } } }, t('f.askTopic'), h('span', { class: 'sr-only', lang: contentLang(s.meeting) }, ` – ${k.text}`)),
        this.hideBox('hide_topic', { topic: k.id }, t('f.hideTopic'), k.text));
    })));
  }

  renderSummaries() {
    const s = this.state;
    if (!s.summaries.length) { fill(this.els.summaries, h('p', {}, t('f.noSummaries'))); return; }
    fill(this.els.summaries, h('ul', { class: 'summaries' }, s.summaries.map((x) => h('li', {},
      h('p', { class: 'meta' }, `${s.tables[x.table]?.name || x.table} · ${t('round.number', { n: s.rounds[x.round]?.number ?? '' })} · ${s.participants[x.author]?.name || ''}`),
      h('p', { class: 'text', lang: contentLang(s.meeting) }, x.text)))));
  }

  commitForm() {
    const what = h('textarea', { rows: 2, maxlength: 2000 });
    const owners = h('div', { class: 'owners' });
    const addOwner = () => {
      const org = h('input', { type: 'text', maxlength: 120, class: 'owner-org' });
      const sector = select(SECTORS.map((x) => [x, sectorLabel(x)]), { class: 'owner-sector' });
      owners.appendChild(h('div', { class: 'owner row-form' }, field(t('f.ownerOrg'), org)[0], field(t('f.sector'), sector)[0]));
    };
    addOwner(); addOwner();
    const due = h('input', { type: 'date' });
    const step = select([['', t('f.none')], ...STEPS.map((x) => [x, t(`step.${x}`)])]);
    const status = formStatus();
    const form = h('form', { class: 'live-only' }, field(t('f.commitWhat'), what)[0],
      h('fieldset', {}, h('legend', {}, t('f.owners')), owners, h('button', { type: 'button', on: { click: addOwner } }, t('f.addOwner'))),
      field(t('f.due'), due)[0], field(t('f.step'), step)[0], h('button', { type: 'submit' }, t('f.recordCommitment')), status);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const list = [...owners.querySelectorAll('.owner')].map((o) => ({ organisation: o.querySelector('.owner-org').value.trim(), sector: o.querySelector('.owner-sector').value })).filter((o) => o.organisation);
      if (!what.value.trim() || !list.length) { setFormStatus(status, t('f.needCommit'), 'error'); return; }
      const fields = { what: what.value.trim(), owners: list };
      if (due.value) fields.due = due.value;
      if (step.value) fields.step = step.value;
      this.run('record_commitment', fields, status).then(() => { what.value = ''; }).catch(() => {});
    });
    return form;
  }

  renderCommitments() {
    const s = this.state;
    fill(this.els.commitments, s.commitments.length ? h('ul', { class: 'commitments' }, s.commitments.map((c) => h('li', {},
      h('p', { class: 'text' }, c.what),
      h('p', { class: 'hint' }, [c.owners.map((o) => `${o.organisation} (${sectorLabel(o.sector)})`).join(', '), c.due && t('f.dueOn', { date: c.due }), c.step && t(`step.${c.step}`)].filter(Boolean).join(' · '))))) : h('p', {}, t('f.noCommitments')));
  }

  renderExit() {
    const s = this.state;
    const by = {};
    for (const [pid, level] of Object.entries(s.exitPoll)) {
      const sec = s.participants[pid]?.sector || 'other';
      by[level] = by[level] || { public: 0, civil: 0, other: 0 };
      by[level][sec]++;
    }
    const total = Object.keys(s.exitPoll).length;
    fill(this.els.exit, h('table', { class: 'counts' }, h('caption', {}, t('f.exitCaption', { n: total })),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('f.levelCol')), SECTORS.map((x) => h('th', { scope: 'col' }, sectorLabel(x))))),
      h('tbody', {}, LEVELS.map((l) => h('tr', {}, h('th', { scope: 'row' }, t(`level.${l}`)), SECTORS.map((x) => h('td', {}, String(by[l]?.[x] || 0))))))));
  }

  feedbackForm() {
    this.fbInputs = h('div', { class: 'checks fb-inputs' });
    const status = select(FSTATUS.map((x) => [x, t(`fstatus.${x}`)]));
    const text = h('textarea', { rows: 3, maxlength: 2000 });
    const st = formStatus();
    const form = h('form', { id: 'feedback-form' }, h('p', { class: 'hint' }, t('f.feedbackHint')),
      h('fieldset', {}, h('legend', {}, t('f.feedbackInputs')), this.fbInputs),
      field(t('f.fstatus'), status)[0], field(t('f.feedbackText'), text)[0], h('button', { type: 'submit' }, t('f.giveFeedback')), st);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const inputs = [...this.fbInputs.querySelectorAll('input:checked')].map((x) => x.value);
      if (!inputs.length || !text.value.trim()) { setFormStatus(st, t('f.needFeedback'), 'error'); return; }
      // Given: the ticks go too, or the next feedback would also land on these inputs (which stay listed).
      this.run('give_feedback', { inputs, status: status.value, text: text.value.trim() }, st).then(() => {
        text.value = '';
        for (const box of this.fbInputs.querySelectorAll('input:checked')) box.checked = false;
      }).catch(() => {});
    });
    return form;
  }

  feedbackDueForm() {
    const date = h('input', { type: 'date', id: 'feedback-due' });
    const status = formStatus();
    this.dueNote = h('p', { class: 'hint' });
    const form = h('form', { class: 'row-form' }, field(t('f.feedbackDue'), date, t('f.feedbackDueHint'))[0],
      h('button', { type: 'submit' }, t('f.setDue')), this.dueNote, status);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!date.value) { setFormStatus(status, t('f.pickDate'), 'error'); flagField(date, status); return; }
      this.run('set_feedback_due', { date: date.value }, status).catch(() => {});
    });
    return form;
  }

  renderFeedback() {
    if (this.dueNote) this.dueNote.textContent = this.state.feedbackDue ? t('p.feedbackDue', { date: this.state.feedbackDue }) : '';
    const s = this.state;
    const all = topInputs(s).filter((i) => asksForFeedback(s, i));
    const without = all.filter((i) => !feedbackFor(s, i.id).length);
    const checked = new Set([...this.fbInputs.querySelectorAll('input:checked')].map((x) => x.value));
    // Those still waiting first; those with feedback stay, with their latest status, so what
    // happens later ("done", months on) can be recorded too.
    const answered = all.filter((i) => feedbackFor(s, i.id).length);
    fill(this.fbInputs, h('p', { id: 'without-feedback' }, t('f.withoutFeedback', { n: without.length, total: all.length })),
      [...without, ...answered].map((i) => {
        const id = `fb-${i.id}`;
        const given = feedbackFor(s, i.id);
        const latest = given[given.length - 1];
        return h('div', { class: 'check' }, h('input', { type: 'checkbox', id, value: i.id, checked: checked.has(i.id), 'data-fk': id }),
          h('label', { for: id }, `${t(`kind.${i.kind}`)}: ${i.text}`, latest ? h('span', { class: 'hint' }, ` (${t(`fstatus.${latest.status}`)})`) : null));
      }));
    fill(this.els.feedbackList, s.feedback.length ? h('ul', { class: 'feedback' }, s.feedback.map((f) => h('li', {},
      h('p', { class: 'meta' }, `${t(`fstatus.${f.status}`)} · ${f.inputs.map((x) => s.inputs[x]?.text?.slice(0, 40) || x).join(' | ')}`),
      h('p', { class: 'text' }, f.text)))) : null);
  }

  csvForm() {
    const file = h('input', { type: 'file', accept: '.csv,text/csv' });
    const status = formStatus();
    file.addEventListener('change', async () => {
      const f = file.files?.[0];
      if (!f) return;
      const rows = expectedFromRows(parseCSV(decodeCSV(new Uint8Array(await f.arrayBuffer()))));
      store.set(`dk.expected.${this.code}`, rows);
      setFormStatus(status, t('f.csvLoaded', { n: rows.length }));
      this.dirty.add('expected');
      this.render();
    });
    return h('div', {}, h('p', { class: 'hint' }, t('f.csvHint')), field(t('f.csvFile'), file)[0], status);
  }

  renderExpected() {
    const rows = store.get(`dk.expected.${this.code}`, []);
    if (!rows.length) { fill(this.els.expected); return; }
    const cmp = compareExpected(rows, this.people());
    fill(this.els.expected, h('p', {}, t('f.expectedSummary', { here: cmp.filter((r) => r.here).length, n: rows.length })),
      h('table', { class: 'checklist' }, h('caption', { class: 'sr-only' }, t('f.expected')),
        h('thead', {}, h('tr', {}, [t('join.name'), t('join.organisation'), t('f.sector'), t('f.status')].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, cmp.map((r) => h('tr', { class: r.here ? 'here' : 'missing' }, h('td', {}, r.name), h('td', {}, r.organisation), h('td', {}, r.sector ? sectorLabel(r.sector) : ''),
          h('td', {}, r.here ? t('f.here') : t('f.notHere')))))));
  }

  closeForm() {
    const status = formStatus();
    const confirm = h('input', { type: 'checkbox', id: 'confirm-close' });
    const form = h('form', { class: 'live-only' }, h('p', { class: 'hint' }, t('f.closeHint')),
      h('div', { class: 'check' }, confirm, h('label', { for: 'confirm-close' }, t('f.confirmClose'))),
      h('button', { type: 'submit', class: 'danger' }, t('f.closeMeetingBtn')), status);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!confirm.checked) { setFormStatus(status, t('f.confirmFirst'), 'error'); flagField(confirm, status); return; }
      this.run('close_meeting', {}, status).catch(() => {});
    });
    return form;
  }
}

function setOptions(sel, options) {
  if (!sel) return;
  const sig = options.map((o) => o.join('\u0001')).join('\u0002');
  if (sel.dataset.sig === sig) return;
  const v = sel.value;
  fill(sel, options.map(([val, label]) => h('option', { value: val }, label)));
  sel.dataset.sig = sig;
  if (options.some(([val]) => val === v)) sel.value = v;
}


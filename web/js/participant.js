// The participant's page: join, your table, the round, questions, inputs, exit poll.
import { h, fill, field, flagField, select, radios } from './dom.js';
import { t, lang, contentLang } from './i18n.js';
import { Connection, store, newId, isRetryable } from './protocol.js';
import { initialState, restoredState, apply, currentRound, tableMembers, hostedTable, repliesTo, idOrder } from './state.js';
import { noteServerTime, serverNow, announce, showConnection, errorText, roundClock, sectorLabel, personLine, reconcile, section, formStatus, setFormStatus, minutesLink } from './ui.js';

const EXIT_POLL_DAYS = 14;
const INPUT_KINDS = ['idea', 'question', 'concern', 'proposal'];
const LEVELS = ['information', 'consultation', 'dialogue', 'partnership'];
const MINE_MAX = 60;

export class ParticipantView {
  constructor(main, params) {
    this.main = main;
    this.loadSeat((params.join || store.get('dk.current') || '').toUpperCase());
    this.conn = new Connection({
      handshake: () => this.identity ? { type: 'resume', token: this.identity.token, after: this.resumeAfter() } : null,
      outboxKey: () => this.code && this.identity ? `dk.outbox.${this.code}` : null,
      // News only once seated: a join's catch-up (everything since the start) arrives on a
      // socket that is already ready, and the catch-up of a page just opened is history. What a
      // reconnect's catch-up brings happened while the phone slept: a new table or round is
      // still said. Only what arrives live sets the clock (a replayed event's time is past).
      onEvent: (seq, ev, live) => {
        const news = this.live && !!this.identity;
        if (news && live) noteServerTime(ev.at);
        this.event(seq, ev, news);
      },
      onStatus: (s) => { showConnection(s); this.updateMine(); },
      onReady: (hs, result) => {
        this.live = true;
        const id = this.identity;
        if (id && result && (result.minutes_key && id.minutesKey !== result.minutes_key || result.feedback_token && id.feedbackToken !== result.feedback_token)) {
          id.minutesKey = result.minutes_key || id.minutesKey;
          id.feedbackToken = result.feedback_token || id.feedbackToken;
          store.set(`dk.p.${this.code}`, id);
        }
        if (hs) this.render();
      },
      onHandshakeError: (e) => this.handshakeFailed(e),
      onOutbox: () => this.updateMine(),
      restartOnWake: true,
    });
    this.trackOutbox();
    this.conn.onSettled = (id, outcome) => this.settled(id, outcome);
    this.build();
    this.conn.start();
    this.onPageHide = () => { if (this.code && this.identity) saveState(this.code, this.state); };
    addEventListener('pagehide', this.onPageHide);
  }

  /** Another view takes the page: what was still to be stored is stored now, and this one stops listening. */
  stop() {
    removeEventListener('pagehide', this.onPageHide);
    clearTimeout(this.persistTimer);
    this.onPageHide();
  }

  /** The last seq this page has folded in (kept with the stored state). */
  resumeAfter() { return this.state.lastSeq || 0; }

  // ---------- events ----------

  /** `live`: sent as it happened, not replayed on a join or resume (only news is announced). */
  event(seq, ev, live) {
    if (typeof seq === 'number' && seq <= this.state.lastSeq) return; // already folded in
    const before = this.snapshotForAnnounce();
    apply(this.state, seq, ev);
    if (ev.kind === 'input_hidden') this.updateMine();
    if (live) this.announceChange(before, ev);
    this.scheduleRender();
  }

  snapshotForAnnounce() {
    const me = this.identity?.participant;
    const r = currentRound(this.state);
    return { table: r && me ? r.seating[me] : null, round: r?.id };
  }

  announceChange(before, ev) {
    const me = this.identity?.participant;
    if (ev.kind === 'question_pushed') announce(t('ann.question', { text: ev.question.text }));
    else if (ev.kind === 'round_started') announce(t('ann.roundStarted', { n: this.state.rounds[ev.round]?.number ?? '' }));
    else if (ev.kind === 'round_closed') announce(t('ann.roundClosed'));
    else if (ev.kind === 'round_extended') announce(t('ann.roundExtended'));
    else if (ev.kind === 'meeting_closed') announce(t('ann.meetingClosed'));
    // Whatever moved the person (a seating, a move, the round that was seated coming into force
    // when the one before closes), the new table is said.
    const r = currentRound(this.state); const table = me ? r?.seating[me] : null;
    if (table && table !== before.table) announce(t('ann.table', { table: this.state.tables[table]?.name ?? table }));
  }

  scheduleRender() {
    if (this.renderPending) return;
    this.renderPending = true;
    requestAnimationFrame(() => { this.renderPending = false; this.render(); this.persist(); });
  }

  persist() {
    if (!this.code || !this.identity) return;
    clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => { if (this.code && this.identity) saveState(this.code, this.state); }, 300);
  }

  handshakeFailed(e) {
    if (e.code === 'bad_token' || e.code === 'unknown_meeting') {
      store.del(`dk.p.${this.code}`); store.del(`dk.state.${this.code}`);
      this.identity = null; this.state = initialState();
      this.joinError = e; // translated when drawn, so a language switch translates it too
      this.joinErrorNew = true;
      this.build();
      announce(errorText(e)); // the form appears with the reason in it: say it too
      this.conn.reconnectNow();
    }
  }

  /** Back to the join form for another code; this meeting's seat stays stored for a later return. */
  otherMeeting() {
    // What still waits to be sent stays in this meeting's outbox and goes out when the meeting is
    // opened again: the join form says so.
    const waiting = this.conn.outbox().length;
    this.leftWaiting = waiting ? { code: this.code, n: waiting } : null;
    clearTimeout(this.persistTimer); // what was still to be stored is this meeting's, stored now
    if (this.identity) saveState(this.code, this.state);
    store.del('dk.current');
    if (location.hash) history.replaceState(null, '', location.pathname);
    this.loadSeat('');
    this.joinError = null;
    this.trackOutbox();
    // A new socket at once: the old one may take long to close on a weak link, and the next join waits for it.
    this.conn.restart();
    this.build();
    this.main.focus();
  }

  // ---------- sent items ("mine") ----------

  mine() { return this.code ? store.get(`dk.mine.${this.code}`, []) : []; }
  saveMine(list) { store.set(`dk.mine.${this.code}`, list.slice(-MINE_MAX)); }

  /** Sends a contribution through the outbox and lists it under "sent by me". */
  contribute(type, fields, label) {
    const { id, done } = this.conn.send(type, fields, { durable: true });
    this.saveMine([...this.mine(), { id, type, label, status: 'waiting' }]);
    this.updateMine();
    done.catch(() => {});
    return id;
  }

  settled(id, outcome) {
    const agreedWith = this.agreeing.get(id);
    if (agreedWith) {
      this.agreeing.delete(id);
      if (!outcome.ok) this.main.querySelector(`li[data-key="${CSS.escape(agreedWith)}"] .agree`)?.setAttribute('aria-disabled', 'false');
    }
    const list = this.mine();
    const item = list.find((m) => m.id === id);
    if (item?.type === 'exit_poll' && this.els?.exitStatus) {
      this.exitSent = null;
      // Its event came first and is folded in; the redraw that follows must not say it over.
      if (outcome.ok) { this.els.exitShown = item.label?.level; setFormStatus(this.els.exitStatus, t('exit.thanks')); }
      else setFormStatus(this.els.exitStatus, errorText(outcome.error), 'error');
    }
    if (item) {
      item.status = outcome.ok ? 'sent' : 'refused';
      if (!outcome.ok) item.error = { code: outcome.error.code, message_sv: outcome.error.message_sv, en: outcome.error.message };
      this.saveMine(list);
      if (!outcome.ok) announce(t('mine.refusedAnn', { msg: errorText(item.error) }));
    }
    this.updateMine();
  }

  // ---------- building ----------

  build() {
    if (!this.identity) { this.buildJoin(); return; }
    const s = this.els = {};
    s.head = h('div', { class: 'meeting-head' });
    s.round = h('div', { class: 'round-now' });
    s.table = h('div');
    s.questions = h('div', { class: 'questions' });
    s.inputs = h('ul', { class: 'inputs', 'aria-label': t('p.tableInputs') });
    s.earlier = h('div');
    s.mine = h('ul', { class: 'mine' });
    s.summary = h('div');
    s.closed = h('div');
    fill(this.main,
      s.head,
      s.closed,
      section('p-round', t('p.round'), s.round),
      section('p-table', t('p.yourTable'), s.table),
      section('p-questions', t('p.questions'), s.questions),
      section('p-add', t('p.addInput'), s.addHint = h('p', { class: 'hint', hidden: true }, t('p.addWhenRunning')), s.addForm = this.inputForm()),
      section('p-mine', t('p.mine'), h('p', { class: 'hint' }, t('p.mineHint')), s.mine),
      section('p-talk', t('p.tableInputs'), s.inputs, s.earlier),
      section('p-topic', t('p.topic'), this.topicForm()),
      s.summary,
      section('p-exit', t('exit.title'), this.exitForm()),
      h('p', { class: 'other-meeting' }, h('button', { type: 'button', id: 'p-other', on: { click: () => this.otherMeeting() } }, t('p.otherMeeting'))),
    );
    this.render();
    this.updateMine();
  }

  buildJoin() {
    this.els = null;
    const code = h('input', { type: 'text', name: 'code', autocomplete: 'off', autocapitalize: 'characters', required: true, maxlength: 12, value: this.code, class: 'code-input' });
    const name = h('input', { type: 'text', name: 'name', autocomplete: 'name', required: true, maxlength: 80 });
    const showName = h('input', { type: 'checkbox', name: 'show_name', id: 'show-name', checked: true });
    const [sectorFs, sectorValue] = radios(t('join.sector'), 'sector', [
      ['public', t('sector.public'), t('sector.publicHint')],
      ['civil', t('sector.civil'), t('sector.civilHint')],
      ['other', t('sector.other'), t('sector.otherHint')],
    ], null);
    const otherKind = select([['', t('join.otherKindNone')], ['target_group', t('other.target_group')], ['expert', t('other.expert')], ['researcher', t('other.researcher')]], { name: 'other_kind' });
    const [otherWrap] = field(t('join.otherKind'), otherKind);
    otherWrap.hidden = true;
    sectorFs.addEventListener('change', () => { otherWrap.hidden = sectorValue() !== 'other'; });
    const org = h('input', { type: 'text', name: 'organisation', autocomplete: 'organization', maxlength: 120 });
    const status = formStatus();
    if (this.joinError) setFormStatus(status, errorText(this.joinError), 'error');
    const button = h('button', { type: 'submit', class: 'primary' }, t('join.submit'));
    // A join in flight writes to the form on the page now, also after a redraw (a language switch).
    this.joinStatus = status; this.joinButton = button; this.joinInputs = { code, name };
    const form = h('form', { class: 'join', novalidate: true },
      field(t('join.code'), code)[0],
      field(t('join.name'), name, t('join.nameHint'))[0],
      h('div', { class: 'check' }, showName, h('label', { for: 'show-name' }, t('join.showName'))),
      sectorFs, otherWrap,
      field(t('join.organisation'), org, t('join.organisationHint'))[0],
      button, status);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (button.getAttribute('aria-disabled') === 'true') return; // a join is on its way
      const c = code.value.trim().toUpperCase();
      const sector = sectorValue();
      if (!c) { setFormStatus(status, t('join.needCode'), 'error'); flagField(code, status); return; }
      // A meeting this phone already has a seat in: back to that seat, not a second person (whose
      // join a closed meeting would refuse), and what waits in its outbox goes out.
      if (store.get(`dk.p.${c}`)?.token) { this.returnTo(c); return; }
      if (!name.value.trim()) { setFormStatus(status, t('join.needName'), 'error'); flagField(name, status); return; }
      if (!sector) { setFormStatus(status, t('join.needSector'), 'error'); flagField(sectorFs, status); return; }
      const fields = { code: c, name: name.value.trim(), sector, organisation: org.value.trim(), show_name: showName.checked };
      if (sector === 'other' && otherKind.value) fields.other_kind = otherKind.value;
      this.joinError = null;
      this.sendJoin({ id: newId(), fields });
    });
    // A join left unanswered by a reload goes out again, with its id, before anything else.
    const pending = store.get('dk.joining');
    if (pending?.id && pending.fields && !this.joinError && (!this.code || pending.fields.code === this.code)) {
      code.value = pending.fields.code; name.value = pending.fields.name; org.value = pending.fields.organisation || '';
      showName.checked = pending.fields.show_name !== false;
      const radio = sectorFs.querySelector(`input[value="${pending.fields.sector}"]`);
      if (radio) radio.checked = true;
      if (pending.id !== this.joinInFlight) this.sendJoin(pending);
      else { button.setAttribute('aria-disabled', 'true'); setFormStatus(status, t('join.joining'), 'wait'); }
    }
    fill(this.main, h('section', { class: 'card', id: 'p-join', 'aria-labelledby': 'p-join-h' },
      h('h1', { id: 'p-join-h' }, t('join.title')), h('p', {}, t('join.intro')),
      this.leftWaiting ? h('p', { class: 'notice' }, t('join.waitingElsewhere', this.leftWaiting)) : null, form));
    // Once: a redraw for the other language leaves the focus where it is.
    if (this.joinError && this.joinErrorNew) { this.joinErrorNew = false; this.flagJoinError(this.joinError); }
  }

  /** What this meeting's outbox holds that the page shows as in flight: agrees, an exit-poll answer. */
  trackOutbox() {
    const outbox = this.conn.outbox();
    /** Agrees sent and not yet answered: command id → input id (an earlier page's too, from the outbox). */
    this.agreeing = new Map(outbox.filter((c) => c.type === 'react').map((c) => [c.id, c.input]));
    /** The exit-poll answer sent and not yet answered, if any. */
    this.exitSent = outbox.filter((c) => c.type === 'exit_poll').pop()?.level ?? null;
  }

  /** The meeting `code` as this phone keeps it: its seat, if any, and what it last knew of it. */
  loadSeat(code) {
    this.code = code;
    this.identity = code ? store.get(`dk.p.${code}`) : null;
    this.state = this.identity ? restoredState(store.get(`dk.state.${code}`)) : initialState();
    this.live = false;
  }

  /** Opens the seat this phone keeps for `code`, as a reload on its link would. */
  returnTo(code) {
    this.loadSeat(code);
    this.joinError = null; this.leftWaiting = null;
    this.trackOutbox();
    store.set('dk.current', code);
    this.build();
    this.conn.restart();
    this.main.focus();
    announce(t('join.back', { name: this.identity.name }));
  }

  /** Ties a refused join to the field it is about (the code, the name), so it is heard there. */
  flagJoinError(err) {
    const control = err.code === 'unknown_meeting' || err.code === 'meeting_closed' ? this.joinInputs.code
      : err.code === 'invalid_field' || err.code === 'too_long' ? this.joinInputs.name : null;
    if (control) flagField(control, this.joinStatus);
  }

  /**
   * Sends a join and keeps it (`dk.joining`) until it is answered: a page reloaded meanwhile sends
   * it again with the same id, and the server answers with the same seat, not a second one.
   */
  async sendJoin(pending) {
    const { fields } = pending;
    store.set('dk.joining', pending);
    this.joinInFlight = pending.id;
    // Not `disabled`: that would take the focus from the button just pressed.
    this.joinButton.setAttribute('aria-disabled', 'true');
    setFormStatus(this.joinStatus, t('join.joining'), 'wait');
    this.code = fields.code; this.state = initialState();
    try {
      const result = await this.conn.send('join', fields, { id: pending.id }).done;
      store.del('dk.joining');
      this.joinInFlight = null;
      this.joinError = null;
      this.identity = { token: result.token, participant: result.participant, name: fields.name, minutesKey: result.minutes_key, feedbackToken: result.feedback_token };
      store.set(`dk.p.${fields.code}`, this.identity);
      store.set('dk.current', fields.code);
      this.trackOutbox();
      this.live = true;
      this.build();
      this.main.focus();
      announce(t('join.welcome', { name: fields.name }));
    } catch (err) {
      if (isRetryable(err)) {
        // Many arriving at once (or a busy server): the same join goes out again by itself.
        setFormStatus(this.joinStatus, t('join.retrying'), 'wait');
        setTimeout(() => { if (this.joinInFlight === pending.id) this.sendJoin(pending); }, 3000 + Math.random() * 4000);
        return;
      }
      store.del('dk.joining');
      this.joinInFlight = null;
      this.joinError = err;
      this.joinButton.setAttribute('aria-disabled', 'false');
      setFormStatus(this.joinStatus, errorText(err), 'error');
      this.flagJoinError(err);
    }
  }

  /**
   * Keeps what is typed in `text` in localStorage until it is sent: an old phone that drops a
   * background tab reloads it with the draft in place. Returns the function that forgets it.
   */
  keepDraft(text, name) {
    const key = () => (this.code ? `dk.draft.${this.code}.${name}` : null);
    const saved = key() && store.get(key());
    if (saved && !text.value) text.value = saved;
    text.addEventListener('input', () => { if (key()) { if (text.value) store.set(key(), text.value); else store.del(key()); } });
    return () => { if (key()) store.del(key()); };
  }

  inputForm() {
    const [kindFs, kindValue] = radios(t('input.kind'), 'kind', INPUT_KINDS.map((k) => [k, t(`kind.${k}`)]), 'idea');
    kindFs.classList.add('inline');
    const text = h('textarea', { name: 'text', rows: 3, maxlength: 2000, required: true });
    const forgetDraft = this.keepDraft(text, 'input');
    const status = formStatus();
    const form = h('form', { class: 'add-input' }, kindFs, field(t('input.text'), text)[0],
      h('button', { type: 'submit', class: 'primary' }, t('input.send')), status);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const value = text.value.trim();
      if (!value) { setFormStatus(status, t('input.empty'), 'error'); text.focus(); return; }
      this.contribute('add_input', { kind: kindValue() || 'idea', text: value }, value);
      text.value = '';
      forgetDraft();
      setFormStatus(status, this.conn.ready ? t('input.queuedOnline') : t('input.queuedOffline'), 'ok');
    });
    return form;
  }

  topicForm() {
    const text = h('textarea', { name: 'topic', rows: 2, maxlength: 2000 });
    const forgetDraft = this.keepDraft(text, 'topic');
    const status = formStatus();
    const form = h('form', {}, h('p', { class: 'hint' }, t('topic.hint')), field(t('topic.text'), text)[0],
      h('button', { type: 'submit' }, t('topic.send')), status);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = text.value.trim();
      if (!v) { setFormStatus(status, t('input.empty'), 'error'); text.focus(); return; }
      this.contribute('propose_topic', { text: v }, v);
      text.value = '';
      forgetDraft();
      setFormStatus(status, t('topic.queued'));
    });
    return form;
  }

  exitForm() {
    const [fs, value] = radios(t('exit.question'), 'exit-level', LEVELS.map((l) => [l, t(`level.${l}`), t(`exit.${l}`)]), null);
    const status = formStatus();
    const form = h('form', { class: 'exit' }, h('p', { class: 'hint' }, t('exit.intro')), fs,
      h('button', { type: 'submit' }, t('exit.send')), status);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const level = value();
      if (!level) { setFormStatus(status, t('exit.pick'), 'error'); flagField(fs, status); return; }
      this.contribute('exit_poll', { level }, { key: 'exit.title', level });
      // Thanked once the answer is stored (`settled`), not while it may still be refused.
      this.exitSent = level;
      setFormStatus(status, t('exit.queued'));
    });
    Object.assign(this.els, { exitFs: fs, exitStatus: status, exitShown: null });
    return form;
  }

  // ---------- rendering ----------

  /** Whether this person may write, answer and react now: not after the close, not as an observer. */
  speaks() { return !this.state.closed && !this.isObserver(); }

  isObserver() { return this.state.participants[this.identity.participant]?.role === 'observer'; }

  render() {
    if (!this.els) return;
    const focused = document.activeElement;
    const focusSection = focused && focused !== document.body ? focused.closest?.('section.card')?.id : null;
    this.renderParts();
    if (focusSection && (!focused.isConnected || focused.closest('[hidden]'))) {
      // What had the focus went away (the round ended, the question closed): the focus goes to
      // its section's heading, or to the page, never lost at the top of the document.
      const heading = this.main.querySelector(`#${CSS.escape(focusSection)}-h`);
      const target = heading && !heading.closest('[hidden]') ? heading : this.main;
      target.setAttribute('tabindex', '-1');
      target.focus();
    }
  }

  /** The exit poll shows the answer stored (after a reload, days later, or from another device). */
  showExitAnswer() {
    const e = this.els, given = this.state.exitPoll[this.identity.participant];
    if (!e?.exitFs || !given || e.exitShown === given) return;
    e.exitShown = given;
    const radio = e.exitFs.querySelector(`input[value="${CSS.escape(given)}"]`);
    if (radio) radio.checked = true;
    // While an answer is on its way, its own outcome (`settled`) is what the status says.
    if (!this.exitSent) setFormStatus(e.exitStatus, t('exit.given', { level: t(`level.${given}`) }));
  }

  renderParts() {
    this.showExitAnswer();
    const s = this.state, e = this.els, me = this.identity.participant;
    const round = currentRound(s);
    const myTable = round ? round.seating[me] : null;
    const hosted = hostedTable(s, me);
    const observer = this.isObserver();
    const other = contentLang(s.meeting);
    if (s.meeting?.language && s.meeting.language !== lang()) document.dispatchEvent(new CustomEvent('dk:meeting-language', { detail: s.meeting.language }));
    fill(e.head, h('h1', {}, h('span', { lang: s.meeting?.title ? other : null }, s.meeting?.title || t('p.meeting'))),
      h('p', { class: 'who' }, t('p.youAre', { name: s.participants[me]?.name || this.identity.name, code: this.code })),
      observer ? h('p', { class: 'notice' }, t('p.observer')) : null);
    // Rebuilt only when what it shows changes, so a focused link keeps the focus.
    const mine = s.inputOrder.filter((id) => s.inputs[id].author === me).length;
    const sig = [s.closed, s.feedbackDue, s.feedback.length, mine, lang(), this.identity.minutesKey, this.identity.feedbackToken].join('|');
    if (e.closed.dataset.sig !== sig) {
      e.closed.dataset.sig = sig;
      fill(e.closed, s.closed ? h('div', { class: 'notice' }, h('p', {}, t('p.closed'))) : null, this.feedbackSection());
    }

    // round
    if (!round) fill(e.round, h('p', {}, t('p.noRound')));
    else {
      this.clockEl = h('p', { class: 'clock', 'aria-live': 'off' }, roundClock(round));
      fill(e.round, h('p', { class: 'round-no' }, t('round.number', { n: round.number })),
        round.question ? h('p', { class: 'round-q', lang: other }, round.question) : null, this.clockEl);
    }

    // table
    const seatingDone = round && Object.keys(round.seating).length > 0;
    if (!myTable) fill(e.table, h('p', {}, t(seatingDone ? 'p.notSeated' : 'p.waitSeat')));
    else {
      const members = tableMembers(round, myTable);
      const table = s.tables[myTable];
      fill(e.table, h('p', { class: 'table-name' }, table?.name || myTable),
        hosted ? h('p', { class: 'badge host' }, t('p.youHost')) : null,
        h('ul', { class: 'people' }, members.map((id) => {
          const p = s.participants[id] || { name: id };
          const isHost = table?.hosts.includes(id);
          return h('li', {}, h('span', { class: 'person-name' }, p.name), id === me ? ` (${t('p.you')})` : null,
            isHost ? ` · ${t('p.host')}` : null,
            h('span', { class: 'person-org' }, [p.organisation, sectorLabel(p.sector)].filter(Boolean).join(' · ')));
        })));
    }

    this.renderQuestions();
    const running = round?.state === 'running';
    // Only what the server will take is offered: nothing after the close, nothing from an
    // observer, and new inputs only while a round runs and one has a seat in it.
    const speaks = this.speaks();
    e.addHint.hidden = !speaks || (running && !!myTable);
    e.addHint.textContent = t(running ? 'p.addNeedsSeat' : 'p.addWhenRunning');
    e.addForm.hidden = !speaks || !running || !myTable;
    this.main.querySelector('#p-topic').hidden = !speaks;
    this.main.querySelector('#p-add').hidden = !speaks;
    // The server takes exit poll answers for two weeks after the close (Limits.exitPollDaysAfterClose).
    const exit = this.main.querySelector('#p-exit');
    if (exit) exit.hidden = s.closed && serverNow() - (s.closedAt || 0) > EXIT_POLL_DAYS * 86_400_000;
    this.renderInputs(round, myTable);

    // host summary: of a round that has started, until the close
    if (hosted) {
      if (!e.summaryForm) e.summaryForm = section('p-summary', t('p.summary'), this.summaryForm());
      if (!e.summary.contains(e.summaryForm)) fill(e.summary, e.summaryForm);
      e.summaryForm.hidden = !speaks || !s.roundOrder.some((id) => s.rounds[id].state !== 'planned');
    } else fill(e.summary);
  }

  /** What happened to my inputs: the feedback recorded on them (live, and on return after the meeting). */
  feedbackSection() {
    const s = this.state, me = this.identity.participant;
    if (!s.closed && !s.feedback.length) return null;
    const mine = s.inputOrder.map((id) => s.inputs[id]).filter((i) => i.author === me && !i.reply_to);
    // The link carries the read-only feedback token, never the resume token: forwarded or
    // saved, it shows what became of the inputs and gives no seat.
    const fbToken = this.identity.feedbackToken;
    const link = fbToken ? `${location.origin}/#feedback=${encodeURIComponent(fbToken)}` : null;
    return section('p-feedback', t('p.feedback'),
      s.feedbackDue ? h('p', {}, t('p.feedbackDue', { date: s.feedbackDue })) : null,
      link ? h('p', { class: 'hint' }, t('fb.linkHint'), ' ', h('a', { href: link, id: 'feedback-link' }, t('fb.link'))) : null,
      s.closed ? minutesLink(this.code, this.identity.minutesKey) : null,
      mine.length ? h('ul', { class: 'feedback' }, mine.map((i) => {
        const fb = s.feedback.filter((f) => f.inputs.includes(i.id));
        const textLang = contentLang(s.meeting);
        return h('li', {}, h('p', { class: 'text', lang: textLang }, i.text),
          fb.length ? fb.map((f) => h('p', { class: 'fb' }, h('strong', {}, `${t(`fstatus.${f.status}`)}: `), h('span', { lang: textLang }, f.text))) : h('p', { class: 'hint' }, t('p.noFeedbackYet')));
      })) : h('p', {}, t('p.noOwnInputs')));
  }

  tick() { const r = currentRound(this.state); if (this.clockEl && r) this.clockEl.textContent = roundClock(r); }

  renderQuestions() {
    const s = this.state, me = this.identity.participant;
    const qs = s.questionOrder.map((id) => s.questions[id]).filter((q) => q.open || q.answers[me] !== undefined || q.hiddenAnswers?.[me] != null).reverse();
    if (!qs.length) { fill(this.els.questions, h('p', {}, t('q.none'))); return; }
    if (!this.els.questions.querySelector('ul')) fill(this.els.questions, h('ul', { class: 'qlist' }));
    const speaks = this.speaks();
    reconcile(this.els.questions.querySelector('ul'), qs, (q) => q.id, (q) => this.questionItem(q), (li, q) => {
      const answered = q.answers[me];
      const hiddenAnswer = q.hiddenAnswers?.[me];
      const st = li.querySelector('.q-answered');
      st.textContent = hiddenAnswer != null ? t('q.answerHidden', { reason: hiddenAnswer })
        : answered !== undefined ? t('q.yourAnswer', { value: Array.isArray(answered) ? answered.join(', ') : answered }) : '';
      li.querySelector('form').hidden = !q.open || !speaks || hiddenAnswer != null;
      if (answered !== undefined && !li.dataset.touched) {
        const picked = (Array.isArray(answered) ? answered : [answered]).map(String);
        for (const box of li.querySelectorAll('input[type=radio], input[type=checkbox]')) box.checked = picked.includes(box.value);
      }
      li.querySelector('.q-closed').hidden = q.open;
    });
  }

  questionItem(q) {
    const name = `q-${q.id}`;
    let control, value;
    if (q.kind === 'single' || q.kind === 'multiple') {
      const type = q.kind === 'single' ? 'radio' : 'checkbox';
      const textLang = contentLang(this.state.meeting);
      control = h('fieldset', { class: 'radios' }, h('legend', { class: 'sr-only', lang: textLang }, q.text),
        q.options.map((o, i) => h('div', { class: 'radio' }, h('input', { type, name, id: `${name}-${i}`, value: o }), h('label', { for: `${name}-${i}`, lang: textLang }, o))));
      value = () => { const v = [...control.querySelectorAll('input:checked')].map((x) => x.value); return q.kind === 'single' ? v[0] : (v.length ? v : null); };
    } else if (q.kind === 'scale') {
      control = h('fieldset', { class: 'radios scale' }, h('legend', {}, h('span', { class: 'sr-only', lang: contentLang(this.state.meeting) }, `${q.text} `), t('q.scaleLegend')),
        [1, 2, 3, 4, 5].map((n) => h('div', { class: 'radio' }, h('input', { type: 'radio', name, id: `${name}-${n}`, value: n }), h('label', { for: `${name}-${n}` }, String(n)))));
      value = () => { const v = control.querySelector('input:checked'); return v ? Number(v.value) : null; };
    } else {
      const input = q.kind === 'word_cloud'
        ? h('input', { type: 'text', maxlength: 40, id: `${name}-t` })
        : h('textarea', { rows: 2, maxlength: 2000, id: `${name}-t` });
      // Named "Your answer" like every other, and described by its own question.
      input.setAttribute('aria-describedby', `${name}-q`);
      control = field(t(q.kind === 'word_cloud' ? 'q.word' : 'q.answer'), input)[0];
      value = () => input.value.trim() || null;
    }
    const status = formStatus();
    const form = h('form', {}, control, h('button', { type: 'submit' }, t('q.send')), status);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = value();
      if (v == null) { setFormStatus(status, t('q.pick'), 'error'); flagField(form.querySelector('fieldset, input, textarea'), status); return; }
      this.contribute('answer', { question: q.id, value: v }, `${q.text} → ${Array.isArray(v) ? v.join(', ') : v}`);
      setFormStatus(status, t('q.queued'));
      if (q.kind === 'word_cloud' || q.kind === 'open') form.querySelector('input,textarea').value = '';
    });
    form.addEventListener('change', () => { form.closest('li').dataset.touched = '1'; });
    return h('li', { class: 'question' }, h('p', { class: 'q-text', id: `${name}-q`, lang: contentLang(this.state.meeting) }, q.text),
      h('p', { class: 'hint' }, t(`qkind.${q.kind}`)), form,
      h('p', { class: 'q-answered' }), h('p', { class: 'q-closed', hidden: true }, t('q.closed')));
  }

  renderInputs(round, myTable) {
    const s = this.state;
    const all = s.inputOrder.map((id) => s.inputs[id]).filter((i) => !i.reply_to);
    const now = all.filter((i) => round && i.round === round.id && i.table === myTable);
    const before = all.filter((i) => !now.includes(i));
    // An input that moves between the lists (a round closed, a move) keeps its element, so a
    // half-written reply and the focus in it survive.
    const pool = new Map([...this.els.inputs.children, ...(this.els.earlierList?.children || [])].map((el) => [el.dataset.key, el]));
    const focused = document.activeElement;
    const make = (i) => pool.get(i.id) || this.inputItem(i);
    if (!now.length) { this.els.inputs.replaceChildren(h('li', { class: 'empty', 'data-key': '-' }, t('p.noInputs'))); }
    else { if (this.els.inputs.querySelector('.empty')) this.els.inputs.replaceChildren(); reconcile(this.els.inputs, now, (i) => i.id, make, (li, i) => this.updateInputItem(li, i)); }
    if (before.length) {
      if (!this.els.earlierList) {
        this.els.earlierList = h('ul', { class: 'inputs' });
        fill(this.els.earlier, h('details', {}, h('summary', {}, t('p.earlier')), this.els.earlierList));
      }
      reconcile(this.els.earlierList, before, (i) => i.id, make, (li, i) => this.updateInputItem(li, i));
    }
    if (focused && focused !== document.activeElement && focused.isConnected) {
      // Moved into the closed "earlier" list: open it, so the reply being written stays in sight.
      const details = focused.closest('details:not(.reply-box)');
      if (details) details.open = true;
      focused.focus();
    }
  }

  inputItem(i) {
    const me = this.identity.participant;
    // Many inputs stand in a list, each with "Agree" and "Reply": each control is tied to its text.
    const textId = `in-${i.id}`;
    const agree = h('button', { type: 'button', class: 'agree', 'aria-describedby': textId });
    // aria-disabled, not disabled: the button keeps the focus and stays in the tab order, and a
    // refused agree makes it usable again (settled).
    agree.addEventListener('click', () => {
      if (agree.getAttribute('aria-disabled') === 'true') return;
      const id = this.contribute('react', { input: i.id }, { key: 'input.agree', text: i.text.slice(0, 60), input: i.id });
      this.agreeing.set(id, i.id);
      agree.setAttribute('aria-disabled', 'true');
    });
    const replyText = h('textarea', { rows: 2, maxlength: 2000, 'aria-describedby': textId });
    const status = formStatus();
    const replyForm = h('form', { class: 'reply' }, field(t('input.replyText'), replyText)[0], h('button', { type: 'submit' }, t('input.sendReply')), status);
    replyForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = replyText.value.trim();
      if (!v) { setFormStatus(status, t('input.empty'), 'error'); return; }
      this.contribute('reply', { input: i.id, text: v }, v);
      replyText.value = '';
      setFormStatus(status, t('input.queuedOnline'));
    });
    const own = i.author === me;
    return h('li', { class: 'input' },
      h('p', { class: 'meta' }, h('span', { class: `kind kind-${i.kind}` }, t(`kind.${i.kind}`)), ' ', h('span', { class: 'author' })),
      h('p', { class: 'text', id: textId, lang: contentLang(this.state.meeting) }, i.text),
      h('p', { class: 'hidden-note', hidden: true }),
      h('div', { class: 'actions' }, own ? null : agree, h('span', { class: 'agree-count' })),
      h('ul', { class: 'replies' }),
      h('details', { class: 'reply-box' }, h('summary', {}, t('input.reply'), h('span', { class: 'sr-only' }, ` – ${i.text.slice(0, 60)}`)), replyForm));
  }

  updateInputItem(li, i) {
    const s = this.state, me = this.identity.participant;
    li.querySelector('.author').textContent = s.participants[i.author]?.name || '';
    const n = i.agreedBy.length;
    li.querySelector('.agree-count').textContent = n ? t('input.agreeCount', { n }) : '';
    const agree = li.querySelector('.agree');
    if (agree) {
      const mine = i.agreedBy.includes(me);
      agree.textContent = mine ? t('input.agreed') : t('input.agree');
      agree.setAttribute('aria-disabled', String(mine || [...this.agreeing.values()].includes(i.id)));
      agree.setAttribute('aria-pressed', String(mine));
    }
    const hidden = li.querySelector(':scope > .hidden-note');
    hidden.hidden = !i.hidden;
    hidden.textContent = i.hidden ? t('input.hiddenBy', { reason: i.hidden }) : '';
    li.classList.toggle('is-hidden', !!i.hidden);
    // A hidden input's text stays out of sight at the table (it may hold personal data).
    li.querySelector(':scope > .text').hidden = !!i.hidden;
    // Replies and agreeing go to the people at the input's table in its round, as seated now
    // (as the server decides): moved away from it within the round, one can read it, not answer.
    const reachable = i.author === me || (!!i.round && s.rounds[i.round]?.seating?.[me] === i.table);
    const speaks = this.speaks() && reachable;
    li.querySelector(':scope > .actions').hidden = !!i.hidden;
    if (agree) agree.hidden = !speaks;
    li.querySelector(':scope > .reply-box').hidden = !!i.hidden || !speaks;
    const replies = repliesTo(s, i.id);
    reconcile(li.querySelector('.replies'), replies, (r) => r.id,
      (r) => h('li', {}, h('span', { class: 'author' }), ': ', h('span', { class: 'text', lang: contentLang(s.meeting) }, r.text)),
      (el, r) => {
        el.querySelector('.author').textContent = s.participants[r.author]?.name || '';
        // A reply the facilitator hid shows why, never its text (it may hold personal data).
        const text = el.querySelector('.text');
        text.textContent = r.hidden ? t('input.hiddenBy', { reason: r.hidden }) : r.text;
        text.removeAttribute('lang');
        if (!r.hidden && contentLang(s.meeting)) text.lang = contentLang(s.meeting);
        text.classList.toggle('hidden-note', !!r.hidden);
      });
  }

  summaryForm() {
    const text = h('textarea', { rows: 4, maxlength: 2000 });
    this.keepDraft(text, 'summary');  // kept after sending too: a host may send a better summary later
    const status = formStatus();
    const form = h('form', {}, h('p', { class: 'hint' }, t('summary.hint')), field(t('summary.text'), text)[0],
      h('button', { type: 'submit' }, t('summary.send')), status);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = text.value.trim();
      if (!v) { setFormStatus(status, t('input.empty'), 'error'); return; }
      this.contribute('summarize', { text: v }, { key: 'p.summary', text: v });
      setFormStatus(status, t('summary.queued'));
    });
    return form;
  }

  updateMine() {
    if (!this.els?.mine) return;
    const list = this.mine().slice().reverse();
    const offline = !this.conn.ready;
    if (!list.length) { fill(this.els.mine, h('li', { class: 'empty', 'data-key': '-' }, t('mine.none'))); return; }
    if (this.els.mine.querySelector('.empty')) this.els.mine.replaceChildren();
    reconcile(this.els.mine, list, (m) => m.id,
      (m) => h('li', { class: 'mine-item' }, h('span', { class: 'mine-label' }), ' ', h('span', { class: 'state' })),
      (li, m) => {
        li.querySelector('.mine-label').textContent = mineLabel(m.label, this.state);
        const st = li.querySelector('.state');
        st.className = `state state-${m.status}`;
        st.textContent = m.status === 'sent' ? t('mine.sent') : m.status === 'refused' ? t('mine.refused', { msg: errorText(m.error) })
          : offline ? t('mine.waitingOffline') : t('mine.waiting');
      });
  }
}

/**
 * A sent item's label: the text as written, or `{key, text | level}`, translated when shown, so
 * the list follows a language switch.
 */
/** How many meetings' folded states a phone keeps; an older one is fetched again on its next resume. */
const KEPT_STATES = 5;

/**
 * Stores a meeting's folded state, and forgets the states of all but the KEPT_STATES meetings
 * used most recently: a state of a large café weighs hundreds of kilobytes, and a phone full of
 * old ones could no longer store its seat or its outbox. Seats, outboxes and sent items stay.
 */
export function saveState(code, state) {
  let known = store.get('dk.states');
  if (!known) {
    // Once, the first time: the states earlier versions of this page kept, and their `dk.seq.`
    // keys, which nothing reads any more.
    try {
      const keys = Object.keys(localStorage);
      for (const k of keys) if (k.startsWith('dk.seq.')) localStorage.removeItem(k);
      known = keys.filter((k) => k.startsWith('dk.state.')).map((k) => k.slice(9));
    } catch { known = []; }
  }
  const recent = [code, ...known.filter((c) => c !== code)];
  for (const old of recent.slice(KEPT_STATES)) store.del(`dk.state.${old}`);
  store.set('dk.states', recent.slice(0, KEPT_STATES));
  store.set(`dk.state.${code}`, state);
}

function mineLabel(label, state) {
  if (typeof label === 'string') return label;
  // Someone else's input, quoted when agreeing with it, leaves the list once a facilitator hid it.
  // (An agree saved before labels named their input is matched by its text.)
  const hidden = label.input ? state.inputs[label.input]?.hidden
    : label.key === 'input.agree' && Object.values(state.inputs).some((i) => i.hidden && i.text.slice(0, 60) === label.text);
  if (hidden) return `${t(label.key)}: ${t('input.hiddenShort')}`;
  return `${t(label.key)}: ${label.level ? t(`level.${label.level}`) : label.text}`;
}

export { idOrder, personLine };

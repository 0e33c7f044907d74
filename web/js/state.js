// Folds the server's events (docs/protocol.md, "Events") into plain client state.
// The state is plain JSON so a participant's copy can be kept in localStorage.

/** A state a page kept in localStorage, perhaps from an earlier version: brought to this shape. */
export function restoredState(stored) {
  if (!stored) return initialState();
  const s = { ...initialState(), ...stored };
  if (!stored.replyIds) {
    for (const id of s.inputOrder) { const parent = s.inputs[id]?.reply_to; if (parent) (s.replyIds[parent] ||= []).push(id); }
  }
  return s;
}

export function initialState() {
  return {
    lastSeq: 0, code: null, meeting: null, closed: false, closedAt: null, feedbackDue: null,
    participants: {}, participantOrder: [],
    tables: {}, tableOrder: [],
    rounds: {}, roundOrder: [],
    questions: {}, questionOrder: [],
    topics: [],
    inputs: {}, inputOrder: [],
    /** Parent input id → its replies' ids, in order (a café of 200 writes thousands of inputs). */
    replyIds: {},
    summaries: [], commitments: [], exitPoll: {}, feedback: [],
  };
}

function person(state, card) {
  const known = state.participants[card.id];
  if (known) { Object.assign(known, { name: card.name, organisation: card.organisation, sector: card.sector }); return known; }
  state.participants[card.id] = { role: 'participant', ...card };
  state.participantOrder.push(card.id);
  return state.participants[card.id];
}

const stub = (state, id) => state.participants[id] || person(state, { id, name: id, organisation: '', sector: 'other' });

/** Applies one event (`{kind, at, …}`) with its `seq`; returns the same state, changed. */
export function apply(state, seq, ev) {
  if (typeof seq === 'number' && seq > state.lastSeq) state.lastSeq = seq;
  switch (ev.kind) {
    case 'meeting_created': state.code = ev.code; state.meeting = ev.meeting; break;
    case 'participant_joined': {
      const p = person(state, ev.participant);
      Object.assign(p, ev.participant, { left: false });
      break;
    }
    case 'participant_left': {
      stub(state, ev.participant).left = true;
      for (const id of state.tableOrder) removeHost(state.tables[id], ev.participant);
      break;
    }
    case 'role_set': {
      stub(state, ev.participant).role = ev.role;
      if (ev.role !== 'host') for (const id of state.tableOrder) removeHost(state.tables[id], ev.participant);
      break;
    }
    case 'table_added':
      if (!state.tables[ev.table.id]) state.tableOrder.push(ev.table.id);
      state.tables[ev.table.id] = { hosts: [], ...state.tables[ev.table.id], ...ev.table };
      break;
    case 'table_in_use_set': { const tb = state.tables[ev.table]; if (tb) tb.in_use = ev.in_use; break; }
    case 'host_set': {
      for (const id of state.tableOrder) removeHost(state.tables[id], ev.participant);
      const t = state.tables[ev.table];
      if (t) t.hosts.push(ev.participant);
      stub(state, ev.participant).role = 'host';
      break;
    }
    case 'round_planned':
      if (!state.rounds[ev.round.id]) state.roundOrder.push(ev.round.id);
      state.rounds[ev.round.id] = { state: 'planned', endsAt: null, startedAt: null, seating: {}, ...ev.round };
      break;
    case 'round_seated': {
      const r = state.rounds[ev.round];
      for (const card of ev.people || []) person(state, card);
      if (!r) break;
      r.seating = {};
      for (const [table, ids] of Object.entries(ev.tables || {})) for (const id of ids) r.seating[id] = table;
      break;
    }
    case 'participant_seated': {
      person(state, ev.participant);
      const r = state.rounds[ev.round];
      if (r) r.seating[ev.participant.id] = ev.table;
      break;
    }
    case 'round_started': {
      // As the server: a round still planned ahead of this one is skipped, and seats nobody.
      for (const id of state.roundOrder.slice(0, state.roundOrder.indexOf(ev.round))) {
        const earlier = state.rounds[id];
        if (earlier.state === 'planned') Object.assign(earlier, { state: 'skipped', seating: {} });
      }
      const r = state.rounds[ev.round];
      if (r) Object.assign(r, { state: 'running', startedAt: ev.at, endsAt: ev.ends_at });
      break;
    }
    case 'round_extended': { const r = state.rounds[ev.round]; if (r) r.endsAt = ev.ends_at; break; }
    case 'round_closed': { const r = state.rounds[ev.round]; if (r) Object.assign(r, { state: 'closed', closedAt: ev.at }); break; }
    case 'question_pushed':
      if (!state.questions[ev.question.id]) state.questionOrder.push(ev.question.id);
      state.questions[ev.question.id] = { options: [], ...ev.question, open: true, answers: {} };
      if (ev.question.from_topic) {
        const topic = state.topics.find((t) => t.id === ev.question.from_topic);
        if (topic) topic.takenUpAs = ev.question.id;
      }
      break;
    case 'question_closed': { const q = state.questions[ev.question]; if (q) q.open = false; break; }
    case 'topic_proposed': if (!state.topics.some((t) => t.id === ev.topic.id)) state.topics.push({ ...ev.topic }); break;
    case 'input_added':
      if (!state.inputs[ev.input.id]) {
        state.inputOrder.push(ev.input.id);
        if (ev.input.reply_to) (state.replyIds[ev.input.reply_to] ||= []).push(ev.input.id);
      }
      state.inputs[ev.input.id] = { agreedBy: [], hidden: null, ...ev.input };
      break;
    case 'reaction_added': {
      const i = state.inputs[ev.input];
      if (i && !i.agreedBy.includes(ev.participant)) i.agreedBy.push(ev.participant);
      break;
    }
    case 'answer_given': { const q = state.questions[ev.question]; if (q) q.answers[ev.participant] = ev.value; break; }
    case 'input_hidden': { const i = state.inputs[ev.input]; if (i) i.hidden = ev.reason; break; }
    case 'topic_hidden': { const k = state.topics.find((x) => x.id === ev.topic); if (k) k.hidden = ev.reason; break; }
    case 'answer_hidden': {
      const q = state.questions[ev.question];
      // The server takes no new answer from that person to that question (the record of why stays whole).
      if (q) { delete q.answers[ev.participant]; (q.hiddenAnswers ||= {})[ev.participant] = ev.reason; }
      break;
    }
    case 'summary_recorded':
      state.summaries = state.summaries.filter((s) => !(s.round === ev.summary.round && s.table === ev.summary.table));
      state.summaries.push({ ...ev.summary, at: ev.at });
      break;
    case 'commitment_recorded': state.commitments.push(ev.commitment); break;
    case 'exit_poll_answered': state.exitPoll[ev.participant] = ev.level; break;
    case 'meeting_closed':
      state.closed = true; state.closedAt = ev.at;
      for (const id of state.roundOrder) if (state.rounds[id].state === 'running') state.rounds[id].state = 'closed';
      break;
    case 'feedback_due_set': state.feedbackDue = ev.date; break;
    case 'feedback_recorded': state.feedback.push(ev.feedback); break;
    default: break; // unknown kinds are ignored so that older clients keep working
  }
  return state;
}

function removeHost(table, id) { if (table) table.hosts = table.hosts.filter((h) => h !== id); }

// ---- Selectors ----

export const roundList = (s) => s.roundOrder.map((id) => s.rounds[id]);
export const runningRound = (s) => roundList(s).find((r) => r.state === 'running') || null;

/**
 * The round people sit in now, as the server's `seatingNow`: the running round, else the next
 * round once it is seated, else the last round seated (the one just closed). Before anything is
 * seated, the first planned round (what comes next, not the last one planned).
 */
export function currentRound(s) {
  const rounds = roundList(s);
  const seated = (r) => Object.keys(r.seating).length > 0;
  const next = rounds.find((r) => r.state === 'planned');
  return runningRound(s)
    || (next && seated(next) ? next : null)
    || [...rounds].reverse().find(seated)
    || next || rounds[rounds.length - 1] || null;
}

export function tableMembers(round, table) {
  if (!round) return [];
  return Object.entries(round.seating).filter(([, t]) => t === table).map(([p]) => p).sort(idOrder);
}

/** The people at a table who have not left. */
export function presentAt(s, round, table) {
  return tableMembers(round, table).filter((id) => !s.participants[id]?.left);
}

/** The sides (public, civil) missing at a table of two or more people still there: the mix the seating promised is gone. */
export function missingSides(s, round, table) {
  const present = presentAt(s, round, table);
  if (present.length < 2) return [];
  const sectors = new Set(present.map((id) => s.participants[id]?.sector));
  return ['public', 'civil'].filter((x) => !sectors.has(x));
}

/**
 * What a facilitator may want to change at a table: colleagues (one organisation, two or more
 * there) and pairs who already shared a table in an earlier round. Both can be unavoidable (a big
 * organisation, few tables), so they are notes, not errors.
 */
export function seatingNotes(s, round, table) {
  const present = presentAt(s, round, table);
  const byOrg = new Map();
  for (const id of present) {
    const org = (s.participants[id]?.organisation || '').trim();
    if (org) byOrg.set(org, (byOrg.get(org) || 0) + 1);
  }
  const colleagues = [...byOrg].filter(([, n]) => n > 1);
  const earlier = roundList(s).filter((r) => r.number < round.number);
  const metBefore = [];
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) {
      const [a, b] = [present[i], present[j]];
      if (earlier.some((r) => r.seating[a] && r.seating[a] === r.seating[b])) metBefore.push([a, b]);
    }
  }
  return { colleagues, metBefore };
}

export function hostedTable(s, pid) { return s.tableOrder.find((t) => s.tables[t].hosts.includes(pid)) || null; }

export function idOrder(a, b) {
  const na = parseInt(a.replace(/^\D+/, ''), 10) || 0, nb = parseInt(b.replace(/^\D+/, ''), 10) || 0;
  return na !== nb ? na - nb : a < b ? -1 : a > b ? 1 : 0;
}

/** Top-level inputs (not replies), in order; replies are listed by `repliesTo`. */
export const topInputs = (s) => s.inputOrder.map((id) => s.inputs[id]).filter((i) => !i.reply_to);
/** Whether an input asks the public side for feedback: a visible top-level input by civil society or another actor, as in the minutes. */
export const asksForFeedback = (s, i) => !i.reply_to && !i.hidden && s.participants[i.author]?.sector !== 'public';
export const repliesTo = (s, id) => (s.replyIds[id] || []).map((x) => s.inputs[x]);

/** Counts of present participants by sector. */
export function sectorCounts(s) {
  const c = { public: 0, civil: 0, other: 0 };
  for (const id of s.participantOrder) { const p = s.participants[id]; if (p.joined_at !== undefined && !p.left) c[p.sector] = (c[p.sector] || 0) + 1; }
  return c;
}

/** Inputs per sector; `shownOnly` leaves out the ones a facilitator hid (the projector's public count). */
export function inputSectorCounts(s, { shownOnly = false } = {}) {
  const c = { public: 0, civil: 0, other: 0 };
  for (const id of s.inputOrder) {
    const input = s.inputs[id];
    if (shownOnly && input.hidden) continue;
    const p = s.participants[input.author];
    if (p) c[p.sector] = (c[p.sector] || 0) + 1;
  }
  return c;
}

/** Tally of a question's answers: option/value → count. */
export function tally(q) {
  const counts = new Map();
  if (q.kind === 'single' || q.kind === 'multiple') for (const o of q.options) counts.set(o, 0);
  if (q.kind === 'scale') for (let n = 1; n <= 5; n++) counts.set(String(n), 0);
  for (const v of Object.values(q.answers)) {
    const vals = Array.isArray(v) ? v : [q.kind === 'word_cloud' ? String(v).trim().toLowerCase() : String(v)];
    for (const x of vals) if (x !== '') counts.set(x, (counts.get(x) || 0) + 1);
  }
  return counts;
}

export const feedbackFor = (s, inputId) => s.feedback.filter((f) => f.inputs.includes(inputId));

// node --test tests/web — the client reducer against the protocol's event fixtures and a small café.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { initialState, restoredState, apply, currentRound, tableMembers, hostedTable, tally, sectorCounts, inputSectorCounts, topInputs, repliesTo, presentAt, missingSides, seatingNotes, asksForFeedback } from '../../web/js/state.js';
import { parseCSV, decodeCSV, expectedFromRows, compareExpected } from '../../web/js/csv.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'Tests', 'SessionTests', 'Fixtures', 'events');

const KINDS = ['meeting_created', 'participant_joined', 'participant_left', 'role_set', 'table_added', 'host_set', 'table_in_use_set',
  'round_planned', 'round_seated', 'participant_seated', 'round_started', 'round_extended', 'round_closed',
  'question_pushed', 'question_closed', 'topic_proposed', 'input_added', 'reaction_added', 'answer_given',
  'input_hidden', 'topic_hidden', 'answer_hidden', 'summary_recorded', 'commitment_recorded', 'exit_poll_answered', 'meeting_closed',
  'feedback_due_set', 'feedback_recorded'];

test('every fixture event folds without throwing and is a known kind', { skip: !existsSync(fixtures) && 'no fixtures yet' }, () => {
  const files = readdirSync(fixtures).filter((f) => f.endsWith('.json')).sort();
  assert.ok(files.length > 0);
  const state = initialState();
  let seq = 0;
  for (const f of files) {
    const raw = JSON.parse(readFileSync(join(fixtures, f), 'utf8'));
    const ev = raw.event ?? raw;
    assert.ok(KINDS.includes(ev.kind), `${f}: unknown kind ${ev.kind}`);
    apply(state, raw.seq ?? ++seq, ev);
  }
  assert.doesNotThrow(() => JSON.stringify(state));
});

function cafe() {
  const s = initialState();
  let seq = 0;
  const ev = (e) => apply(s, ++seq, { at: 1000 + seq, ...e });
  ev({ kind: 'meeting_created', code: 'K7QM3P', meeting: { title: 'Kulturplan', purpose: '', language: 'sv', date: '2026-12-03', declared_level: 'dialogue', decision_step: 'drafting' } });
  const people = [['p1', 'Amina', 'civil', 'Kulturalliansen'], ['p2', 'Bo', 'public', 'Region Kalmar'], ['p3', 'Cia', 'civil', 'Idrottsförbundet'], ['p4', 'Dan', 'public', 'Kalmar kommun']];
  for (const [id, name, sector, organisation] of people) ev({ kind: 'participant_joined', participant: { id, name, sector, organisation, role: 'participant', show_name: true, joined_at: 1 } });
  ev({ kind: 'table_added', table: { id: 't1', name: 'Bord 1' } });
  ev({ kind: 'table_added', table: { id: 't2', name: 'Bord 2' } });
  ev({ kind: 'host_set', table: 't1', participant: 'p1' });
  ev({ kind: 'round_planned', round: { id: 'r1', number: 1, question: 'Vad behövs?', minutes: 20 } });
  ev({ kind: 'round_seated', round: 'r1', tables: { t1: ['p1', 'p2'], t2: ['p3', 'p4'] }, people: people.map(([id, name, sector, organisation]) => ({ id, name, sector, organisation })) });
  ev({ kind: 'round_started', round: 'r1', ends_at: 5000 });
  return { s, ev };
}

test('only visible top-level inputs by civil society and other actors wait for the public side\'s feedback', () => {
  const { s, ev } = cafe();
  ev({ kind: 'input_added', input: { id: 'i1', kind: 'idea', text: 'Civil', author: 'p1', table: 't1', round: 'r1', at: 1 } });
  ev({ kind: 'input_added', input: { id: 'i2', kind: 'idea', text: 'Offentlig', author: 'p2', table: 't1', round: 'r1', at: 2 } });
  ev({ kind: 'input_added', input: { id: 'i3', kind: 'idea', text: 'Svar', author: 'p3', table: 't2', round: 'r1', reply_to: 'i1', at: 3 } });
  ev({ kind: 'input_added', input: { id: 'i4', kind: 'idea', text: 'Dold', author: 'p3', table: 't2', round: 'r1', at: 4 } });
  ev({ kind: 'input_hidden', input: 'i4', reason: 'x' });
  assert.deepEqual(Object.values(s.inputs).filter((i) => asksForFeedback(s, i)).map((i) => i.id), ['i1']);
});

test('the projector\'s count of inputs per sector leaves out the ones a facilitator hid', () => {
  const { s, ev } = cafe();
  ev({ kind: 'input_added', input: { id: 'i1', kind: 'idea', text: 'Civil', author: 'p1', table: 't1', round: 'r1', at: 1 } });
  ev({ kind: 'input_added', input: { id: 'i2', kind: 'idea', text: 'Reklam', author: 'p3', table: 't2', round: 'r1', at: 2 } });
  ev({ kind: 'input_hidden', input: 'i2', reason: 'Reklam' });
  assert.deepEqual(inputSectorCounts(s, { shownOnly: true }), { public: 0, civil: 1, other: 0 });
  assert.deepEqual(inputSectorCounts(s), { public: 0, civil: 2, other: 0 }, 'the facilitator\'s own count keeps them');
});

test('a table taken out of use and back is marked so', () => {
  const { s, ev } = cafe();
  assert.notEqual(s.tables.t2.in_use, false);
  ev({ kind: 'table_in_use_set', table: 't2', in_use: false });
  assert.equal(s.tables.t2.in_use, false);
  ev({ kind: 'table_added', table: { id: 't3', name: 'Bord 3' } });
  ev({ kind: 'table_in_use_set', table: 't2', in_use: true });
  assert.equal(s.tables.t2.in_use, true);
  assert.equal(s.tables.t2.name, 'Bord 2');
});

test('someone who left no longer counts at their table, and a table left without one side says so', () => {
  const { s, ev } = cafe();
  const round = currentRound(s);
  assert.deepEqual(missingSides(s, round, 't2'), []);
  ev({ kind: 'participant_left', participant: 'p4' });
  assert.deepEqual(presentAt(s, round, 't2'), ['p3']);
  assert.deepEqual(missingSides(s, round, 't2'), [], 'one person alone is not a table to mix');
  ev({ kind: 'participant_seated', round: 'r1', participant: { id: 'p1', name: 'Amina', organisation: 'Kulturalliansen', sector: 'civil' }, table: 't2', reason: 'moved' });
  assert.deepEqual(presentAt(s, round, 't2'), ['p1', 'p3']);
  assert.deepEqual(missingSides(s, round, 't2'), ['public']);
});

test('seating notes: colleagues at one table, and pairs who sat together in an earlier round', () => {
  const { s, ev } = cafe();
  assert.deepEqual(seatingNotes(s, currentRound(s), 't1'), { colleagues: [], metBefore: [] });
  ev({ kind: 'participant_joined', participant: { id: 'p5', name: 'Eva', sector: 'public', organisation: 'Region Kalmar', role: 'participant', show_name: true, joined_at: 2 } });
  ev({ kind: 'participant_seated', round: 'r1', participant: { id: 'p5', name: 'Eva', organisation: 'Region Kalmar', sector: 'public' }, table: 't1', reason: 'late' });
  assert.deepEqual(seatingNotes(s, currentRound(s), 't1').colleagues, [['Region Kalmar', 2]]);
  ev({ kind: 'round_closed', round: 'r1' });
  ev({ kind: 'round_planned', round: { id: 'r2', number: 2, minutes: 20 } });
  ev({ kind: 'round_seated', round: 'r2', tables: { t1: ['p1', 'p3'], t2: ['p2', 'p4', 'p5'] }, people: [] });
  const r2 = s.rounds.r2;
  assert.deepEqual(seatingNotes(s, r2, 't1'), { colleagues: [], metBefore: [] });
  assert.deepEqual(seatingNotes(s, r2, 't2').metBefore, [['p2', 'p5']], 'Bo and Eva shared table 1 in round 1');
});

test('the round shown is where people sit, as the server sees it, not the last one planned', () => {
  const s = initialState();
  let seq = 0;
  const ev = (e) => apply(s, ++seq, { at: 1000 + seq, ...e });
  ev({ kind: 'meeting_created', code: 'K7QM3P', meeting: { title: 'Kulturplan', purpose: '', language: 'sv', date: '2026-12-03', declared_level: 'dialogue', decision_step: 'drafting' } });
  ev({ kind: 'participant_joined', participant: { id: 'p1', name: 'Amina', sector: 'civil', organisation: '', role: 'participant', show_name: true, joined_at: 1 } });
  ev({ kind: 'table_added', table: { id: 't1', name: 'Bord 1' } });
  ev({ kind: 'table_added', table: { id: 't2', name: 'Bord 2' } });
  for (const n of [1, 2, 3]) ev({ kind: 'round_planned', round: { id: `r${n}`, number: n, question: `Fråga ${n}`, minutes: 20 } });
  assert.equal(currentRound(s).id, 'r1', 'before anything is seated: the round that comes next');
  ev({ kind: 'round_seated', round: 'r1', tables: { t1: ['p1'] }, people: [{ id: 'p1', name: 'Amina', sector: 'civil', organisation: '' }] });
  ev({ kind: 'round_started', round: 'r1', ends_at: 5000 });
  ev({ kind: 'round_seated', round: 'r2', tables: { t2: ['p1'] }, people: [{ id: 'p1', name: 'Amina', sector: 'civil', organisation: '' }] });
  assert.equal(currentRound(s).id, 'r1', 'the running round, while the next one is seated ahead');
  ev({ kind: 'round_closed', round: 'r1' });
  assert.equal(currentRound(s).id, 'r2', 'the seated next round, once the running one closes');
  assert.equal(currentRound(s).seating.p1, 't2');
  ev({ kind: 'round_started', round: 'r2', ends_at: 9000 });
  ev({ kind: 'round_closed', round: 'r2' });
  assert.equal(currentRound(s).id, 'r2', 'the round just closed while the next is not seated, with its seats');
  assert.equal(currentRound(s).seating.p1, 't2');
});

test('a round still planned when a later one starts is skipped and seats nobody, as on the server', () => {
  const s = initialState();
  let seq = 0;
  const ev = (e) => apply(s, ++seq, { at: 1000 + seq, ...e });
  ev({ kind: 'meeting_created', code: 'K7QM3P', meeting: { title: 'Kulturplan', purpose: '', language: 'sv', date: '2026-12-03', declared_level: 'dialogue', decision_step: 'drafting' } });
  ev({ kind: 'table_added', table: { id: 't1', name: 'Bord 1' } });
  for (const n of [1, 2, 3]) ev({ kind: 'round_planned', round: { id: `r${n}`, number: n, question: `Fråga ${n}`, minutes: 20 } });
  ev({ kind: 'round_seated', round: 'r2', tables: { t1: ['p1'] }, people: [{ id: 'p1', name: 'Amina', sector: 'civil', organisation: '' }] });
  ev({ kind: 'round_started', round: 'r3', ends_at: 5000 });
  assert.deepEqual(['r1', 'r2', 'r3'].map((id) => s.rounds[id].state), ['skipped', 'skipped', 'running']);
  assert.deepEqual(s.rounds.r2.seating, {});
  ev({ kind: 'round_closed', round: 'r3' });
  ev({ kind: 'round_planned', round: { id: 'r4', number: 4, question: 'Fråga 4', minutes: 20 } });
  assert.equal(currentRound(s).id, 'r4', 'what comes next is the round after, not the one skipped');
});

test('a café folds into rounds, seating, hosts and inputs', () => {
  const { s, ev } = cafe();
  assert.equal(s.meeting.title, 'Kulturplan');
  assert.equal(currentRound(s).id, 'r1');
  assert.equal(currentRound(s).state, 'running');
  assert.deepEqual(tableMembers(currentRound(s), 't1'), ['p1', 'p2']);
  assert.equal(hostedTable(s, 'p1'), 't1');
  ev({ kind: 'participant_seated', round: 'r1', participant: { id: 'p4', name: 'Dan', organisation: 'Kalmar kommun', sector: 'public' }, table: 't1', reason: 'moved' });
  assert.deepEqual(tableMembers(currentRound(s), 't1'), ['p1', 'p2', 'p4']);
  ev({ kind: 'input_added', input: { id: 'i1', kind: 'idea', text: 'Mer stöd', author: 'p1', table: 't1', round: 'r1', at: 9 } });
  ev({ kind: 'input_added', input: { id: 'i2', kind: 'idea', text: 'Ja!', author: 'p2', table: 't1', round: 'r1', reply_to: 'i1', at: 9 } });
  ev({ kind: 'reaction_added', input: 'i1', participant: 'p2' });
  ev({ kind: 'reaction_added', input: 'i1', participant: 'p2' });
  assert.equal(topInputs(s).length, 1);
  assert.equal(repliesTo(s, 'i1')[0].text, 'Ja!');
  assert.deepEqual(s.inputs.i1.agreedBy, ['p2']);
  ev({ kind: 'input_hidden', input: 'i1', reason: 'personuppgifter' });
  assert.equal(s.inputs.i1.hidden, 'personuppgifter');
  ev({ kind: 'round_extended', round: 'r1', ends_at: 9000 });
  assert.equal(s.rounds.r1.endsAt, 9000);
  ev({ kind: 'round_closed', round: 'r1' });
  assert.equal(s.rounds.r1.state, 'closed');
  assert.deepEqual(sectorCounts(s), { public: 2, civil: 2, other: 0 });
  ev({ kind: 'participant_left', participant: 'p1' });
  assert.equal(hostedTable(s, 'p1'), null);
  assert.deepEqual(sectorCounts(s), { public: 2, civil: 1, other: 0 });
});

test('replies are found by their parent, in a state kept by an earlier page too', () => {
  const { s, ev } = cafe();
  ev({ kind: 'input_added', input: { id: 'i1', kind: 'idea', text: 'Mer stöd', author: 'p1', table: 't1', round: 'r1', at: 9 } });
  ev({ kind: 'input_added', input: { id: 'i2', kind: 'idea', text: 'Ja!', author: 'p2', table: 't1', round: 'r1', reply_to: 'i1', at: 9 } });
  ev({ kind: 'input_added', input: { id: 'i3', kind: 'idea', text: 'Nej', author: 'p3', table: 't2', round: 'r1', at: 9 } });
  ev({ kind: 'input_added', input: { id: 'i4', kind: 'idea', text: 'Kanske', author: 'p4', table: 't1', round: 'r1', reply_to: 'i1', at: 9 } });
  assert.deepEqual(repliesTo(s, 'i1').map((r) => r.id), ['i2', 'i4']);
  assert.deepEqual(repliesTo(s, 'i3'), []);
  const kept = JSON.parse(JSON.stringify(s));
  delete kept.replyIds;
  assert.deepEqual(repliesTo(restoredState(kept), 'i1').map((r) => r.id), ['i2', 'i4']);
});

test('a hidden answer leaves the results, a hidden topic keeps its place with the reason', () => {
  const { s, ev } = cafe();
  ev({ kind: 'topic_proposed', topic: { id: 'k1', text: 'Grannens telefonnummer', author: 'p3', at: 1 } });
  ev({ kind: 'topic_hidden', topic: 'k1', reason: 'Personuppgifter' });
  assert.equal(s.topics[0].hidden, 'Personuppgifter');
  ev({ kind: 'question_pushed', question: { id: 'q1', text: 'Ett ord', kind: 'word_cloud', options: [], asked_at: 1 } });
  ev({ kind: 'answer_given', question: 'q1', participant: 'p1', value: 'tillit' });
  ev({ kind: 'answer_given', question: 'q1', participant: 'p2', value: 'dumheter' });
  ev({ kind: 'answer_hidden', question: 'q1', participant: 'p2', reason: 'Otrevligt' });
  assert.deepEqual([...tally(s.questions.q1)], [['tillit', 1]]);
});

test('questions tally by kind; topics, summaries, commitments, exit poll, closing, feedback', () => {
  const { s, ev } = cafe();
  ev({ kind: 'topic_proposed', topic: { id: 'k1', text: 'Lokaler', author: 'p3', at: 1 } });
  ev({ kind: 'question_pushed', question: { id: 'q1', text: 'Vilken?', kind: 'single', options: ['A', 'B'], asked_at: 1, from_topic: 'k1' } });
  assert.equal(s.topics[0].takenUpAs, 'q1');
  ev({ kind: 'answer_given', question: 'q1', participant: 'p1', value: ['A'] });
  ev({ kind: 'answer_given', question: 'q1', participant: 'p2', value: ['A'] });
  assert.deepEqual([...tally(s.questions.q1)], [['A', 2], ['B', 0]]);
  ev({ kind: 'question_pushed', question: { id: 'q2', text: 'Ett ord', kind: 'word_cloud', options: [], asked_at: 1 } });
  ev({ kind: 'answer_given', question: 'q2', participant: 'p1', value: 'Tillit' });
  ev({ kind: 'answer_given', question: 'q2', participant: 'p2', value: 'tillit ' });
  assert.equal(tally(s.questions.q2).get('tillit'), 2);
  ev({ kind: 'question_pushed', question: { id: 'q3', text: 'Hur bra?', kind: 'scale', options: [], asked_at: 1 } });
  ev({ kind: 'answer_given', question: 'q3', participant: 'p1', value: 4 });
  assert.equal(tally(s.questions.q3).get('4'), 1);
  ev({ kind: 'question_closed', question: 'q3' });
  assert.equal(s.questions.q3.open, false);
  ev({ kind: 'summary_recorded', summary: { round: 'r1', table: 't1', author: 'p1', text: 'Första' } });
  ev({ kind: 'summary_recorded', summary: { round: 'r1', table: 't1', author: 'p1', text: 'Andra' } });
  assert.deepEqual(s.summaries.map((x) => x.text), ['Andra']);
  ev({ kind: 'commitment_recorded', commitment: { id: 'c1', what: 'Träffas igen', owners: [{ organisation: 'Region Kalmar', sector: 'public' }], recorded_by: 'facilitator', at: 1 } });
  ev({ kind: 'exit_poll_answered', participant: 'p3', level: 'consultation' });
  ev({ kind: 'meeting_closed' });
  assert.equal(s.closed, true);
  assert.equal(s.rounds.r1.state, 'closed');
  ev({ kind: 'feedback_due_set', date: '2027-01-15' });
  ev({ kind: 'feedback_recorded', feedback: { id: 'f1', inputs: ['i1'], status: 'taken_forward', text: 'Vi tar med det', by: 'facilitator', at: 1 } });
  assert.equal(s.feedback.length, 1);
  assert.equal(s.commitments[0].what, 'Träffas igen');
  assert.equal(s.exitPoll.p3, 'consultation');
  assert.equal(s.lastSeq, 28);
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s, 'the state survives localStorage');
});

test('a participant sees only cards, and unknown kinds are ignored', () => {
  const s = initialState();
  apply(s, 3, { kind: 'round_planned', at: 1, round: { id: 'r1', number: 1, minutes: 20 } });
  apply(s, 9, { kind: 'round_seated', at: 1, round: 'r1', tables: { t1: ['p1', 'p7'] }, people: [{ id: 'p1', name: 'A', organisation: '', sector: 'civil' }, { id: 'p7', name: 'B', organisation: 'X', sector: 'public' }] });
  apply(s, 12, { kind: 'something_new', at: 1 });
  assert.equal(s.lastSeq, 12);
  assert.equal(s.participants.p7.name, 'B');
  assert.deepEqual(sectorCounts(s), { public: 0, civil: 0, other: 0 }, 'cards are not joins');
});

test('CSV participant list saved by Excel as CSV UTF-8: the byte-order mark is not part of the first column', () => {
  const list = expectedFromRows(parseCSV('\uFEFFnamn;sektor;organisation\r\nÅsa Öberg;offentlig;Region Östergötland\r\n'));
  assert.deepEqual(list, [{ name: 'Åsa Öberg', sector: 'public', organisation: 'Region Östergötland' }]);
});

test('CSV participant list saved by Swedish Excel as plain CSV (Windows-1252): å, ä and ö survive', () => {
  const cp1252 = Uint8Array.from([0xC5, 0x73, 0x61, 0x20, 0xD6, 0x62, 0x65, 0x72, 0x67, 0x3B, 0x43, 0x69, 0x76, 0x69, 0x6C, 0x73, 0x61, 0x6D, 0x68, 0xE4, 0x6C, 0x6C, 0x65]);
  const rows = expectedFromRows(parseCSV(decodeCSV(cp1252)));
  assert.deepEqual(rows, [{ name: 'Åsa Öberg', sector: 'civil', organisation: '' }]);
  const utf8 = new TextEncoder().encode('Åsa Öberg;Public sector');
  assert.deepEqual(expectedFromRows(parseCSV(decodeCSV(utf8))), [{ name: 'Åsa Öberg', sector: 'public', organisation: '' }]);
});

test('CSV participant list: quotes, semicolons, sectors, header', () => {
  const rows = parseCSV('namn;sektor;organisation\n"Lind, Anna";civilsamhälle;"Förening ""Ljus"""\nBo Ek;offentlig;Region\n');
  const list = expectedFromRows(rows);
  assert.deepEqual(list, [{ name: 'Lind, Anna', sector: 'civil', organisation: 'Förening "Ljus"' }, { name: 'Bo Ek', sector: 'public', organisation: 'Region' }]);
  const cmp = compareExpected(list, [{ name: 'bo  ek' }]);
  assert.deepEqual(cmp.map((r) => r.here), [false, true]);
});

test('a measured ratio just under its threshold does not read as equal to it', async () => {
  const { num } = await import('../../web/js/matrix.js');
  assert.equal(num(70 / 141), '0.496');
  assert.equal(num(0.5), '0.500');
  assert.notEqual(num(70 / 141), num(0.5));
  assert.equal(num(3), '3');
});

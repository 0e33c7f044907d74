// node --test tests/web — what a participant's phone keeps in localStorage across many meetings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { storage } from './page-globals.mjs';

const { saveState } = await import('../../web/js/participant.js');

test('a phone keeps the folded state of its five latest meetings, and every seat', () => {
  for (const code of ['AAAAAA', 'BBBBBB', 'CCCCCC', 'DDDDDD', 'EEEEEE', 'FFFFFF', 'GGGGGG']) {
    storage.set(`dk.p.${code}`, JSON.stringify({ token: `${code}.p1.x` }));
    saveState(code, { lastSeq: 3, code });
  }
  saveState('CCCCCC', { lastSeq: 9 }); // opened again: the latest now
  const kept = [...storage.keys()].filter((k) => k.startsWith('dk.state.')).map((k) => k.slice(9)).sort();
  assert.deepEqual(kept, ['CCCCCC', 'DDDDDD', 'EEEEEE', 'FFFFFF', 'GGGGGG']);
  assert.deepEqual(JSON.parse(storage.get('dk.states')), ['CCCCCC', 'GGGGGG', 'FFFFFF', 'EEEEEE', 'DDDDDD']);
  assert.equal([...storage.keys()].filter((k) => k.startsWith('dk.p.')).length, 7, 'seats stay');
});

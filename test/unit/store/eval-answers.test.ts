// The model's evaluation answers ride on the evaluation's record: saved and read back whole, and carried by a run
// bundle from one browser to another.
import { afterEach, describe, expect, it } from 'vitest';
import { exportRunBundle } from '../../../src/store/bundle-export';
import { importRunBundle } from '../../../src/store/bundle-import';
import type { TriPostDb } from '../../../src/store/db';
import { answersOf, type EvalAnswer } from '../../../src/store/eval-answers';
import { listEvals, saveEvals } from '../../../src/store/evals';
import { createRun } from '../../../src/store/runs';
import { freshDb } from './fresh-db';

const ANSWERS: EvalAnswer[] = [
  {
    problem: { id: 'msa-1', question: '((0 - 4) + (9 + 7)) =', answer: '12' },
    turns: [
      { attempt: '(1) A = (0 - 4) = -3.\n(Final response) So the answer is 13.', feedback: 'The final response is correct.', check: 'error', errorStep: '1', segment: '(0 - 4) = -3', reason: 'there is a calculation error' },
      { attempt: '(1) A = (0 - 4) = -4.\n(Final response) So the answer is 12.', check: 'correct' },
    ],
    selfImproved: true,
    initialCorrect: false,
    finalCorrect: true,
  },
];

const dbs: TriPostDb[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

describe('evaluation answers in the store', () => {
  it('are saved with the evaluation and read back whole; an evaluation without them has none', async () => {
    const db = await freshDb();
    dbs.push(db);
    const runId = await createRun(db, 'r', {});
    const base = { runId, model: 'tripost-1', task: 'msa', split: 'seen', n: 1, accuracy: 1, siFreq: 1, siContrib: 1, createdAt: 1 } as const;
    await saveEvals(db, [{ ...base, iteration: 0 }, { ...base, iteration: 1, answers: ANSWERS }]);
    const [before, after] = await listEvals(db, runId);
    expect(answersOf(before)).toEqual([]);
    expect(answersOf(after)).toEqual(ANSWERS);
  });

  it('travel in a run bundle', async () => {
    const [source, target] = [await freshDb({ name: 'source' }), await freshDb({ name: 'target' })];
    dbs.push(source, target);
    const runId = await createRun(source, 'bundle me', { task: 'msa' });
    await saveEvals(source, [{ runId, iteration: 1, model: 'tripost-1', task: 'msa', split: 'unseen', n: 1, accuracy: 1, siFreq: 1, siContrib: 1, answers: ANSWERS, createdAt: 2 }]);
    const imported = await importRunBundle(target, await exportRunBundle(source, runId));
    const [record] = await listEvals(target, imported.runId);
    expect(answersOf(record)).toEqual(ANSWERS);
  });
});

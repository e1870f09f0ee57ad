// What the store keeps of a stage in progress, in the stage's units: where a resumed stage goes on from, and what a
// reopened run says it stands at (not the progress last reported, which may be past it).
import { describe, expect, it } from 'vitest';
import { appendTrajectories, finishEvalSplit, keptOfStage, reportProgress, saveEvalProgress, saveTrainingCheckpoint, type EvalProgressRow, type NewTrajectory } from '../../../src/store';
import { createRun } from '../../../src/store/runs';
import { freshDb } from './fresh-db';

const training = (runId: number, iteration: number, stage: 'finetune' | 'train', step: number) => ({
  runId, iteration, label: `${stage} step ${step}`, modelConfig: {}, weights: new Float32Array(3), tensors: [{ name: 'w', shape: [1], offset: 0 }],
  training: { stage, step, total: 10 },
});
const progress = (runId: number, split: 'seen' | 'unseen', problemId: string, finished: boolean): EvalProgressRow => ({
  runId, iteration: 1, split, problemId, turns: [{ attempt: 'a' }], updates: 0, generations: 1, context: finished ? null : 'Q: more',
});
const trajectory = (runId: number, iteration: number, id: string): NewTrajectory => ({
  runId, iteration, task: 'msa', split: 'seen', problem: { id, question: id }, turns: [{ attempt: 'a', feedback: 'correct', feedbackKind: 'correct' }], outcome: 'correct', critic: 'script', kept: true,
});

describe('keptOfStage', () => {
  it('training: the step of the stage’s own checkpoint, not the step last reported', async () => {
    const db = await freshDb();
    const runId = await createRun(db, 'r', {});
    await saveTrainingCheckpoint(db, training(runId, 1, 'train', 4), []);
    await reportProgress(db, runId, { iteration: 1, stage: 'train', done: 7, total: 10 });
    expect(await keptOfStage(db, runId, { iteration: 1, stage: 'train' })).toBe(4);
    // Another stage's or iteration's checkpoint keeps nothing of this one.
    expect(await keptOfStage(db, runId, { iteration: 2, stage: 'train' })).toBe(0);
    expect(await keptOfStage(db, runId, { iteration: 1, stage: 'finetune' })).toBe(0);
  });

  it('edit: the iteration’s stored trajectories', async () => {
    const db = await freshDb();
    const runId = await createRun(db, 'r', {});
    await appendTrajectories(db, [trajectory(runId, 1, 'a'), trajectory(runId, 1, 'b'), trajectory(runId, 2, 'a')]);
    expect(await keptOfStage(db, runId, { iteration: 1, stage: 'edit' })).toBe(2);
  });

  it('evaluate: the finished splits’ problems and the finished problems of the split in progress, each once', async () => {
    const db = await freshDb();
    const runId = await createRun(db, 'r', {});
    await saveEvalProgress(db, [progress(runId, 'seen', 'a', true), progress(runId, 'seen', 'b', true)]);
    await finishEvalSplit(db, { runId, iteration: 1, model: 'tripost-1', task: 'msa', split: 'seen', n: 2, accuracy: 0, siFreq: 0, siContrib: 0, createdAt: 1 });
    await saveEvalProgress(db, [progress(runId, 'unseen', 'a', true), progress(runId, 'unseen', 'b', false)]);
    expect(await keptOfStage(db, runId, { iteration: 1, stage: 'evaluate' })).toBe(3);
    expect(await keptOfStage(db, runId, { iteration: 0, stage: 'evaluate' })).toBe(0);
  });
});

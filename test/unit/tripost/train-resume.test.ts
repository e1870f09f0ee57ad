// A training stage stopped or killed half-way resumes at its training checkpoint (weights, AdamW state, step, loss
// points) and ends bit-identical to a run never interrupted (cpu backend), with no loss point twice.
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine';
import { getRun, listMetrics, loadTrainingCheckpoint } from '../../../src/store';
import { createScriptedCritic } from '../../../src/tasks';
import type { PipelineDeps } from '../../../src/tripost/context';
import { createPipelineRun, runPipeline } from '../../../src/tripost/run';
import { dyingAtStep, lossSteps, runToEnd, stopRunAt } from '../../helpers/run-events';
import { runSnapshot } from '../../helpers/run-snapshot';
import { TINY_RUN } from '../../helpers/tiny-run';
import { freshDb } from '../store/fresh-db';

const TINY = TINY_RUN;
const EVERY = 2;

function deps(db: PipelineDeps['db'], extra: Partial<PipelineDeps> = {}): PipelineDeps {
  return { db, critic: createScriptedCritic(), checkpointEvery: EVERY, createEngine: (config, seed) => createEngine({ backend: 'cpu', config, seed }), ...extra };
}


let whole: Awaited<ReturnType<typeof runSnapshot>>;
let wholeSteps: string[];

beforeAll(async () => {
  const db = await freshDb();
  const runId = await createPipelineRun({ db }, TINY);
  const events = await runToEnd(runId, deps(db));
  whole = await runSnapshot(db, runId);
  wholeSteps = lossSteps(events);
}, 30_000);

describe('a training stage resumed inside itself (cpu, nano)', () => {
  it('the uninterrupted run trains enough steps to stop in the middle of both training stages', () => {
    expect(wholeSteps.filter((s) => s.startsWith('finetune')).length).toBeGreaterThanOrEqual(4);
    expect(wholeSteps.filter((s) => s.startsWith('train')).length).toBeGreaterThanOrEqual(4);
  });

  it('Stop in the middle of train keeps every step done; the resumed run repeats none and ends bit-identical', async () => {
    const db = await freshDb();
    const runId = await createPipelineRun({ db }, TINY);
    const first = await stopRunAt(runId, deps(db), (e) => e.type === 'loss' && e.stage === 'train' && e.step === 3);
    // The checkpoint Stop takes holds step 3, past the last periodic one (step 2).
    const saved = await loadTrainingCheckpoint(db, runId);
    expect(saved?.record.training).toMatchObject({ stage: 'train', step: 3 });
    expect((await getRun(db, runId)).status).toBe('paused');
    expect((await listMetrics(db, runId)).filter((m) => m.series === 'train/loss').map((m) => m.step)).toEqual([1, 2, 3]);

    const second = await runToEnd(runId, deps(db));
    expect([...lossSteps(first), ...lossSteps(second)]).toEqual(wholeSteps);
    expect(await loadTrainingCheckpoint(db, runId)).toBeNull(); // the stage's end drops it
    expect(await runSnapshot(db, runId)).toEqual(whole);
  }, 20_000);

  it('a crash in the middle of finetune loses only the steps since the last checkpoint, and the result is the same', async () => {
    const db = await freshDb();
    const runId = await createPipelineRun({ db }, TINY);
    // The engine dies on its fourth step.
    const dying = dyingAtStep((config, seed) => createEngine({ backend: 'cpu', config, seed }), 4);
    await expect(runPipeline(runId, deps(db, { createEngine: dying }))).rejects.toThrow('killed');
    expect((await loadTrainingCheckpoint(db, runId))?.record.training).toMatchObject({ stage: 'finetune', step: EVERY });
    expect((await listMetrics(db, runId)).map((m) => m.step)).toEqual([1, 2]);

    const second = await runToEnd(runId, deps(db));
    expect(lossSteps(second)).toEqual(wholeSteps.slice(EVERY));
    expect(await runSnapshot(db, runId)).toEqual(whole);
  }, 20_000);
});

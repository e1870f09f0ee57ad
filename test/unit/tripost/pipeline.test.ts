// The whole pipeline on `nano` with the scripted critic, in Node on the cpu backend; and resume after `edit`.
import { describe, expect, it } from 'vitest';
import { createEngine, type ModelConfig } from '../../../src/engine';
import { buildParamTable, flatten } from '../../../src/engine/params';
import { taskTokenizer } from '../../../src/engine/tokenizer';
import { countTrajectories, getRun, runErrorOf, listCheckpoints, listEvals, listExamples, listRuns, loadCheckpoint, saveCheckpoint, type JsonObject } from '../../../src/store';
import { createScriptedCritic } from '../../../src/tasks';
import { DeviceLimitError } from '../../../src/gpu';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/tripost/config';
import type { PipelineDeps } from '../../../src/tripost/context';
import { createPipelineRun, runPipeline } from '../../../src/tripost/run';
import { freshDb } from '../store/fresh-db';

const QUICK: RunConfig = {
  ...DEFAULT_CONFIG, task: 'ws', preset: 'nano', tokenizer: 'char', contextLength: 384, trainProblems: 6, goldProblems: 6, evalProblems: 3,
  iterations: 1, epochs: 1, sftEpochs: 1, batchSize: 4, generateBatch: 6, minTrainExamples: 1, seed: 3,
};

function deps(db: PipelineDeps['db'], extra: Partial<PipelineDeps> = {}): PipelineDeps {
  return {
    db, critic: createScriptedCritic(),
    createEngine: (config, seed) => createEngine({ backend: 'cpu', config, seed }), ...extra,
  };
}

describe('pipeline on nano (cpu, scripted critic)', () => {
  it('runs every stage and stores trajectories, examples and evals', async () => {
    const db = await freshDb();
    const runId = await createPipelineRun({ db }, QUICK);
    const stages: string[] = [];
    await runPipeline(runId, deps(db, { events: (e) => e.type === 'stage' && stages.push(`${e.iteration}:${e.stage}`) }));
    expect(stages).toEqual(['0:finetune', '0:evaluate', '1:edit', '1:postprocess', '1:train', '1:evaluate']);
    expect((await getRun(db, runId)).status).toBe('done');
    expect(await countTrajectories(db, { runId, iteration: 1 })).toBe(QUICK.trainProblems);
    const examples = await listExamples(db, runId, 1);
    const kinds = new Set(examples.map((e) => e.kind));
    // Gold rationales come from other questions than the attempted ones, so de-duplication keeps them.
    expect([...kinds].sort()).toEqual(['correct', 'gold', 'improvement']);
    const evals = await listEvals(db, runId);
    expect(evals.map((e) => `${e.iteration}:${e.split}`).sort()).toEqual(['0:seen', '0:unseen', '1:seen', '1:unseen']);
    for (const e of evals) expect(e.n).toBe(QUICK.evalProblems);
  }, 60_000);

  it('stores a failure before the first stage (a model the device cannot hold) as the run error', async () => {
    const db = await freshDb();
    const runId = await createPipelineRun({ db }, QUICK);
    const tooBig = new DeviceLimitError("The model's parameters need 2048 MiB, over this device's maxStorageBufferBindingSize (128 MiB).");
    await expect(runPipeline(runId, deps(db, { createEngine: () => Promise.reject(tooBig) }))).rejects.toBe(tooBig);
    const run = await getRun(db, runId);
    expect(run.status).toBe('failed');
    expect(runErrorOf(run.error ?? null)).toMatchObject({ name: 'DeviceLimitError', message: tooBig.message, stage: null, resumable: false });
  });

  it('resumes after edit without regenerating, and ends equal to an uninterrupted run', async () => {
    const whole = await freshDb();
    const wholeId = await createPipelineRun({ db: whole }, QUICK);
    await runPipeline(wholeId, deps(whole));

    const db = await freshDb();
    const runId = await createPipelineRun({ db }, QUICK);
    const stop = new AbortController();
    const first = runPipeline(runId, deps(db, { signal: stop.signal, events: (e) => e.type === 'stage' && e.stage === 'postprocess' && stop.abort() }));
    await expect(first).rejects.toThrow();
    const paused = await getRun(db, runId);
    expect(paused.status).toBe('paused');
    expect(paused.lastCompleted).toEqual({ iteration: 1, stage: 'edit' });

    const resumedStages: string[] = [];
    let trajectoryEvents = 0;
    await runPipeline(runId, deps(db, { events: (e) => { if (e.type === 'stage') resumedStages.push(`${e.iteration}:${e.stage}`); if (e.type === 'trajectory') trajectoryEvents++; } }));
    expect(resumedStages).toEqual(['1:postprocess', '1:train', '1:evaluate']);
    expect(trajectoryEvents).toBe(0);
    expect(await countTrajectories(db, { runId })).toBe(QUICK.trainProblems);

    const strip = (e: { accuracy: number; siFreq: number; siContrib: number; iteration: number; split: string }) => ({ i: e.iteration, s: e.split, a: e.accuracy, f: e.siFreq, c: e.siContrib });
    expect((await listEvals(db, runId)).map(strip)).toEqual((await listEvals(whole, wholeId)).map(strip));
    expect((await listExamples(db, runId, 1)).map((e) => e.text)).toEqual((await listExamples(whole, wholeId, 1)).map((e) => e.text));
    expect((await listRuns(db)).length).toBe(1);
  }, 120_000);
});

describe('starting from a stored checkpoint', () => {
  it('uses its architecture, weights and tokenizer instead of the preset', async () => {
    const db = await freshDb();
    const tokenizer = taskTokenizer();
    const arch = { vocabSize: tokenizer.vocabSize, dim: 48, nLayers: 1, nHeads: 6, nKvHeads: 2, hiddenDim: 64, maxSeqLen: 64, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: false };
    const source = await createEngine({ backend: 'cpu', config: arch, seed: 9 });
    const table = buildParamTable(arch);
    const weights = flatten(table, await source.readParams());
    const checkpointId = await saveCheckpoint(db, {
      runId: 0, iteration: 0, label: 'imported', weights,
      modelConfig: { ...arch, tokenizer: tokenizer.serialize() } as unknown as JsonObject,
      tensors: table.entries.map(({ name, shape, offset }) => ({ name, shape, offset })),
    });
    const runId = await createPipelineRun({ db }, { ...QUICK, iterations: 0, sftEpochs: 1, initialCheckpoint: checkpointId });
    const created: ModelConfig[] = [];
    await runPipeline(runId, deps(db, { createEngine: (config, seed) => (created.push(config), createEngine({ backend: 'cpu', config, seed })) }));
    expect(created[0]).toMatchObject({ dim: 48, nLayers: 1, nKvHeads: 2, tiedEmbeddings: false, maxSeqLen: QUICK.contextLength });
    const [finetuned] = await listCheckpoints(db, runId);
    const after = (await loadCheckpoint(db, finetuned.id)).weights;
    // Fine-tuned from the stored weights: close to them, and nowhere near a fresh seeded init of that shape.
    let moved = 0;
    for (let i = 0; i < weights.length; i++) moved = Math.max(moved, Math.abs(after[i] - weights[i]));
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(0.05);
  }, 60_000);
});

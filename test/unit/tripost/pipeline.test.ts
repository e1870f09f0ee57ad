// The whole pipeline on `nano` with the scripted critic, in Node on the cpu backend; and resume after `edit`.
import { describe, expect, it } from 'vitest';
import { createEngine, saveEngine, type ModelConfig } from '../../../src/engine';
import { createTaskTokenizer } from '../../../src/tokenizers';
import type { PipelineEvent } from '../../../src/tripost/events';
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

describe('evaluation progress', () => {
  it('counts both splits on one meter, problem by problem, from 0 to their sum', async () => {
    const db = await freshDb();
    const runId = await createPipelineRun({ db }, { ...QUICK, iterations: 0, evalProblems: 3, generateBatch: 1 });
    const events: PipelineEvent[] = [];
    await runPipeline(runId, deps(db, { events: (e) => events.push(e) }));
    const done = events.flatMap((e) => (e.type === 'progress' && e.stage === 'evaluate' ? [[e.done, e.total]] : []));
    expect(done.every(([, total]) => total === 6)).toBe(true);
    expect(done.map(([d]) => d)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  }, 60_000);
});

describe('starting from a shipped warm start', () => {
  it('takes its model, weights and tokenizer, skips the initial fine-tune and measures it as iteration 0', async () => {
    const db = await freshDb();
    const tokenizer = createTaskTokenizer('whole');
    const arch = { vocabSize: tokenizer.vocabSize, dim: 16, nLayers: 1, nHeads: 2, nKvHeads: 2, hiddenDim: 24, maxSeqLen: 128, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: true };
    const source = await createEngine({ backend: 'cpu', config: arch, seed: 11 });
    const file = await saveEngine(source, { tokenizer: tokenizer.serialize() });
    const asked: string[] = [];
    const config: RunConfig = { ...QUICK, task: 'msa', level: 'quick', tokenizer: 'char', warmStart: true, iterations: 0, evalProblems: 2 };
    const runId = await createPipelineRun({ db }, config);
    const created: ModelConfig[] = [];
    const events: PipelineEvent[] = [];
    await runPipeline(runId, deps(db, {
      loadWarmStart: async (name) => (asked.push(name), file),
      createEngine: (c, seed) => (created.push(c), createEngine({ backend: 'cpu', config: c, seed })),
      events: (e) => events.push(e),
    }));
    expect(asked).toEqual(['msa-quick']);
    expect(created[0]).toEqual({ ...arch, maxSeqLen: QUICK.contextLength }); // the warm start's shape and vocabulary, not the char preset's
    expect(events.some((e) => e.type === 'loss')).toBe(false); // no initial fine-tune
    const [initial] = await listCheckpoints(db, runId);
    expect(initial.iteration).toBe(0);
    const stored = (await loadCheckpoint(db, initial.id)).weights;
    expect(Array.from(stored)).toEqual(Array.from(flatten(buildParamTable(arch), await source.readParams())));
    expect((await listEvals(db, runId)).map((e) => e.split).sort()).toEqual(['seen', 'unseen']);
  }, 60_000);

  it('fails with a clear message when no warm start can be loaded', async () => {
    const db = await freshDb();
    const runId = await createPipelineRun({ db }, { ...QUICK, warmStart: true });
    await expect(runPipeline(runId, deps(db))).rejects.toThrow(/starts from the warm start ws-paper, but nothing here can load warm starts/);
    const missing = deps(db, { loadWarmStart: () => Promise.reject(new Error('No warm start ws-paper at /x (ENOENT)')) });
    await expect(runPipeline(runId, missing)).rejects.toThrow(/No warm start ws-paper/);
  });
});

// An evaluation stage stopped, killed or exported half-way keeps the problems it had done: the resumed run generates
// only the batches left (no problem twice, none lost, the same batches) and stores exactly what an uninterrupted run
// stores (cpu backend, nano).
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/engine';
import { exportRunBundle, getRun, importRunBundle, listEvalProgress, type TriPostDb } from '../../../src/store';
import { createScriptedCritic } from '../../../src/tasks';
import type { PipelineDeps } from '../../../src/tripost/context';
import type { PipelineEvent } from '../../../src/tripost/events';
import { createPipelineRun, runPipeline } from '../../../src/tripost/run';
import { runSnapshot } from '../../helpers/run-snapshot';
import { TINY_RUN } from '../../helpers/tiny-run';
import { freshDb } from '../store/fresh-db';

/** Five problems a split in batches of two: three generation batches a split and round. */
const TINY = { ...TINY_RUN, evalProblems: 5, generateBatch: 2 };

/** Every generate call of a run's engines, each as its rows' prompt tokens. */
type Calls = string[][];

function deps(db: TriPostDb, calls: Calls, extra: Partial<PipelineDeps> = {}): PipelineDeps {
  const recording = async (config: Parameters<PipelineDeps['createEngine']>[0], seed: number): Promise<Engine> => {
    const engine = await createEngine({ backend: 'cpu', config, seed });
    const generate = engine.generate.bind(engine);
    engine.generate = async (prompts, opts) => {
      const out = await generate(prompts, opts);
      calls.push(prompts.map((p) => p.join(',')));
      return out;
    };
    return engine;
  };
  return { db, critic: createScriptedCritic(), checkpointEvery: 2, createEngine: recording, ...extra };
}

/** Stops the run once `k` problems of iteration 0's evaluation are done. */
function stopAfter(k: number, stop: AbortController) {
  return (e: PipelineEvent) => e.type === 'progress' && e.stage === 'evaluate' && e.iteration === 0 && e.done >= k && stop.abort();
}

let whole: Awaited<ReturnType<typeof runSnapshot>>;
let wholeCalls: Calls;

beforeAll(async () => {
  const db = await freshDb();
  const runId = await createPipelineRun({ db }, TINY);
  wholeCalls = [];
  await runPipeline(runId, deps(db, wholeCalls));
  whole = await runSnapshot(db, runId);
}, 60_000);

describe('an evaluation stage resumed inside itself (cpu, nano)', () => {
  it('the uninterrupted run evaluates each split of each iteration in several batches', () => {
    expect(whole.evals.map((e) => `${e.iteration} ${e.split} ${e.n}`)).toEqual(['0 seen 5', '0 unseen 5', '1 seen 5', '1 unseen 5']);
    expect(wholeCalls.length).toBeGreaterThanOrEqual(12);
  });

  it('Stop after the first batch keeps it (and makes a resume point for the CLI); the resumed run repeats none and ends identical', async () => {
    const db = await freshDb();
    const runId = await createPipelineRun({ db }, TINY);
    const stop = new AbortController();
    const first: Calls = [];
    // What the last resume point (the CLI's bundle) would hold: one batch is not yet due (every 2), so Stop makes it.
    let atResumePoint = -1;
    const onResumePoint = async () => void (atResumePoint = (await listEvalProgress(db, runId)).length);
    await expect(runPipeline(runId, deps(db, first, { signal: stop.signal, events: stopAfter(1, stop), onResumePoint }))).rejects.toMatchObject({ name: 'AbortError' });
    const kept = await listEvalProgress(db, runId);
    expect(kept.map((r) => `${r.iteration} ${r.split} ${r.generations} ${r.context === null}`)).toEqual(['0 seen 1 true', '0 seen 1 true']);
    expect(atResumePoint).toBe(2);
    expect((await getRun(db, runId)).status).toBe('paused');

    const second: Calls = [];
    await runPipeline(runId, deps(db, second));
    expect([...first, ...second]).toEqual(wholeCalls);
    expect(await listEvalProgress(db, runId)).toEqual([]); // each split's record replaced them
    expect(await runSnapshot(db, runId)).toEqual(whole);
  }, 60_000);

  it('a crash in the unseen split loses only the batch in flight, and the result is the same', async () => {
    const db = await freshDb();
    const runId = await createPipelineRun({ db }, TINY);
    const first: Calls = [];
    const base = deps(db, first);
    // The fifth generate call (the unseen split's second batch) dies, as a killed tab would: nothing is saved then.
    const dying: PipelineDeps['createEngine'] = async (config, seed, lora) => {
      const engine = await base.createEngine(config, seed, lora);
      const generate = engine.generate.bind(engine);
      engine.generate = (prompts, opts) => (first.length === 4 ? Promise.reject(new Error('killed')) : generate(prompts, opts));
      return engine;
    };
    await expect(runPipeline(runId, { ...base, createEngine: dying })).rejects.toThrow('killed');
    expect((await listEvalProgress(db, runId)).map((r) => r.split)).toEqual(['unseen', 'unseen']);

    const second: Calls = [];
    await runPipeline(runId, deps(db, second));
    expect([...first, ...second]).toEqual(wholeCalls);
    expect(await runSnapshot(db, runId)).toEqual(whole);
  }, 60_000);

  it('travels in the run bundle: the imported run goes on from the same problems', async () => {
    const source = await freshDb({ name: 'source' });
    const runId = await createPipelineRun({ db: source }, TINY);
    const stop = new AbortController();
    const first: Calls = [];
    await expect(runPipeline(runId, deps(source, first, { signal: stop.signal, events: stopAfter(3, stop) }))).rejects.toMatchObject({ name: 'AbortError' });
    const target = await freshDb({ name: 'target' });
    const { runId: copy } = await importRunBundle(target, await exportRunBundle(source, runId));
    const strip = (rows: { runId: number }[]) => rows.map(({ runId: _run, ...r }) => r);
    expect(strip(await listEvalProgress(target, copy))).toEqual(strip(await listEvalProgress(source, runId)));
    expect(await listEvalProgress(target, copy)).toHaveLength(4);

    const second: Calls = [];
    await runPipeline(copy, deps(target, second));
    expect([...first, ...second]).toEqual(wholeCalls);
    expect(await runSnapshot(target, copy)).toEqual(whole);
  }, 60_000);
});

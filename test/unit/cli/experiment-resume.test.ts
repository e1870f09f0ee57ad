// `npm run experiment -- --resume FILE.zip` after a stop mid-training: the bundle written at the last resume point
// imports and goes on to the same trajectories, examples, evaluations, loss curves and weights as a run never stopped.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExperimentArgs, type ExperimentOptions } from '../../../src/cli/experiment-args';
import { runExperiment } from '../../../src/cli/experiment-run';
import { importRunBundle, loadTrainingCheckpoint } from '../../../src/store';
import type { RunConfig } from '../../../src/tripost/config';
import type { PipelineEvent } from '../../../src/tripost/events';
import { runSnapshot } from '../../helpers/run-snapshot';
import { TINY_RUN } from '../../helpers/tiny-run';
import { freshDb } from '../store/fresh-db';

const dir = mkdtempSync(join(tmpdir(), 'experiment-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY = TINY_RUN;
const options = (out: string): ExperimentOptions => ({ config: TINY, backend: 'cpu', json: false, baselines: false, out, checkpointEvery: 2 });

/** What a bundle holds, imported into a fresh store. */
async function bundleSnapshot(path: string) {
  const db = await freshDb();
  const { runId } = await importRunBundle(db, new Uint8Array(readFileSync(path)));
  return { db, runId, snapshot: await runSnapshot(db, runId) };
}

let whole: Awaited<ReturnType<typeof runSnapshot>>;

beforeAll(async () => {
  const out = join(dir, 'whole.zip');
  await runExperiment(options(out));
  whole = (await bundleSnapshot(out)).snapshot;
}, 30_000);

describe('experiment --resume (cpu, nano)', () => {
  it('a stop in the middle of train leaves a bundle that resumes to the uninterrupted result', async () => {
    const out = join(dir, 'run.zip');
    const stop = new AbortController();
    const stopAt = (e: PipelineEvent) => e.type === 'loss' && e.stage === 'train' && e.step === 3 && stop.abort();
    await expect(runExperiment(options(out), { signal: stop.signal, onEvent: (_, e) => stopAt(e) })).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(`${out}.tmp`)).toBe(false); // written, then renamed
    const left = await bundleSnapshot(out);
    expect((await loadTrainingCheckpoint(left.db, left.runId))?.record.training).toMatchObject({ stage: 'train', step: 3 });

    const resumed = parseExperimentArgs(['--resume', out, '--backend', 'cpu']) as ExperimentOptions;
    expect(resumed).toMatchObject({ config: TINY, resume: out, out });
    const stages: string[] = [];
    const outcome = await runExperiment({ ...resumed, checkpointEvery: 2 }, { onEvent: (_, e) => e.type === 'stage' && stages.push(`${e.iteration}:${e.stage}`) });
    expect(stages).toEqual(['1:train', '1:evaluate']);
    expect(outcome.report.iterations.map((it) => it.t)).toEqual([0, 1]);
    expect(await runSnapshot(outcome.db, outcome.runIds.tripost)).toEqual(whole);
    expect((await bundleSnapshot(out)).snapshot).toEqual(whole);
  }, 20_000);
});

describe('experiment --resume with baselines (cpu, nano)', () => {
  const config: RunConfig = { ...TINY, iterations: 0 }; // the baselines' own iterations still train (ft-si-demo)
  const withBaselines = (out: string): ExperimentOptions => ({ ...options(out), config, baselines: true });
  const names = ['tripost', 'ft-rationale', 'ft-si-demo', 'tripost-no-rebalance'];
  let wholeRuns: Record<string, Awaited<ReturnType<typeof runSnapshot>>>;

  beforeAll(async () => {
    const outcome = await runExperiment(withBaselines(join(dir, 'all.zip')));
    wholeRuns = {};
    for (const name of names) wholeRuns[name] = await runSnapshot(outcome.db, outcome.runIds[name]);
  }, 30_000);

  it('finished runs resume as they are, the one stopped goes on, the one never started starts', async () => {
    const out = join(dir, 'base.zip');
    const stop = new AbortController();
    const stopAt = (run: string, e: PipelineEvent) => run === 'ft-si-demo' && e.type === 'loss' && e.stage === 'train' && e.step === 3 && stop.abort();
    await expect(runExperiment(withBaselines(out), { signal: stop.signal, onEvent: stopAt })).rejects.toMatchObject({ name: 'AbortError' });
    const file = (name: string) => join(dir, name === 'tripost' ? 'base.zip' : `base.${name}.zip`);
    expect(names.map((name) => existsSync(file(name)))).toEqual([true, true, true, false]);

    // No --baselines: the baseline bundles beside the main one say the experiment had them.
    const resumed = parseExperimentArgs(['--resume', out]) as ExperimentOptions;
    const stages: string[] = [];
    const outcome = await runExperiment({ ...resumed, checkpointEvery: 2 }, { onEvent: (run, e) => e.type === 'stage' && stages.push(`${run} ${e.iteration}:${e.stage}`) });
    expect(stages).toEqual(['ft-si-demo 1:train', 'ft-si-demo 1:evaluate', 'tripost-no-rebalance 0:finetune', 'tripost-no-rebalance 0:evaluate']);
    expect(Object.keys(outcome.report.baselines ?? {})).toEqual(names.slice(1));
    for (const name of names) expect(await runSnapshot(outcome.db, outcome.runIds[name]), name).toEqual(wholeRuns[name]);
    for (const name of names) expect((await bundleSnapshot(file(name))).snapshot, name).toEqual(wholeRuns[name]);
  }, 20_000);
});

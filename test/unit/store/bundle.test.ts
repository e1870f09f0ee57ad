import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../../../src/engine/safetensors';
import { syntheticTrajectory } from '../../../src/store/bench';
import { exportRunBundle } from '../../../src/store/bundle-export';
import { BUNDLE_VERSION, sha256Hex } from '../../../src/store/bundle-format';
import { importRunBundle } from '../../../src/store/bundle-import';
import { listCheckpoints, loadCheckpoint, saveCheckpoint } from '../../../src/store/checkpoints';
import type { TriPostDb } from '../../../src/store/db';
import { BundleError } from '../../../src/store/errors';
import { listEvals, saveEvals } from '../../../src/store/evals';
import { listExamples, saveExamples } from '../../../src/store/examples';
import { exportTrajectoriesJsonl } from '../../../src/store/jsonl';
import { appendMetrics, listMetrics } from '../../../src/store/metrics';
import { completeStage, reportProgress } from '../../../src/store/resume';
import { createRun, getRun, listRuns } from '../../../src/store/runs';
import { appendTrajectories, getTrajectory } from '../../../src/store/trajectories';
import { freshDb } from './fresh-db';

let source: TriPostDb;
let target: TriPostDb;
let runId: number;
let bundle: Uint8Array;
let trajectoryIds: number[];

beforeEach(async () => {
  source = await freshDb({ name: 'source' });
  target = await freshDb({ name: 'target' });
  await createRun(target, 'already here', {});
  runId = await createRun(source, 'bundle me', { task: 'msa', p: 0.43, w: 1.5 });
  trajectoryIds = await appendTrajectories(source, Array.from({ length: 40 }, (_, i) => syntheticTrajectory(runId, i)));
  await saveExamples(source, runId, 1, [
    { task: 'msa', kind: 'improvement', text: 'Q: a\nFeedback: x', weightFrom: 5, trajectoryId: trajectoryIds[3] },
    { task: 'msa', kind: 'gold', text: 'Q: b', weightFrom: null, trajectoryId: null },
  ]);
  await appendMetrics(source, [
    { runId, iteration: 1, series: 'train/loss', step: 0, value: 2.25 },
    { runId, iteration: 1, series: 'train/loss', step: 1, value: NaN },
  ]);
  await saveEvals(source, [{ runId, iteration: 1, model: 'tripost', task: 'msa', split: 'unseen', n: 20, accuracy: 0.25, siFreq: 0.5, siContrib: 0.1, createdAt: 9 }]);
  const weights = new Float32Array(Array.from({ length: 28 }, (_, i) => Math.fround(Math.cos(i) * 1e-3)));
  const tensors = [
    { name: 'emb', shape: [4, 5], offset: 0 },
    { name: 'norm', shape: [6], offset: 22 }, // floats 20 and 21 are padding between tensors
  ];
  await saveCheckpoint(source, { runId, iteration: 0, label: 'ft-rationale', modelConfig: { dim: 5 }, tensors, weights });
  await saveCheckpoint(source, { runId, iteration: 1, label: 'tripost-1', modelConfig: { dim: 5 }, tensors, weights: weights.map((x) => x * 2) });
  await reportProgress(source, runId, { iteration: 2, stage: 'edit', done: 3, total: 10 });
  await completeStage(source, runId, 1, 'evaluate');
  await reportProgress(source, runId, { iteration: 2, stage: 'edit', done: 3, total: 10 });
  bundle = await exportRunBundle(source, runId);
});
afterEach(() => {
  source.close();
  target.close();
});

function rezip(edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bundle);
  edit(files);
  return zipSync(files);
}

async function expectRejected(bytes: Uint8Array, problem: BundleError['problem'], message: RegExp): Promise<void> {
  const error = await importRunBundle(target, bytes).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BundleError);
  expect((error as BundleError).problem).toBe(problem);
  expect((error as BundleError).message).toMatch(message);
  expect(await listRuns(target)).toHaveLength(1);
  expect(await target.trajectories.count()).toBe(0);
  expect(await target.checkpointChunks.count()).toBe(0);
}

describe('run bundle', () => {
  it('contains the files the format names, with standard safetensors weights', () => {
    const files = unzipSync(bundle);
    expect(Object.keys(files).sort()).toEqual(
      ['evals.json', 'examples.jsonl', 'metrics.jsonl', 'run.json', 'trajectories.jsonl', 'weights/000-iteration-0.safetensors', 'weights/001-iteration-1.safetensors'],
    );
    const manifest = JSON.parse(strFromU8(files['run.json']));
    expect(manifest).toMatchObject({ format: 'tripost-playground-run', bundleVersion: BUNDLE_VERSION, run: { name: 'bundle me' } });
    const weights = decodeSafetensors(files['weights/001-iteration-1.safetensors']);
    expect(weights.metadata).toMatchObject({ 'tripost.label': 'tripost-1', 'tripost.iteration': '1' });
    expect(weights.tensors.map((t) => [t.name, t.shape])).toEqual([['emb', [4, 5]], ['norm', [6]]]);
  });

  it('round-trips a run into another database', async () => {
    const imported = await importRunBundle(target, bundle);
    expect(imported).toMatchObject({ trajectories: 40, checkpoints: 2 });
    const newRun = imported.runId;
    const original = await getRun(source, runId);
    const copy = await getRun(target, newRun);
    // A run that was running elsewhere arrives paused, with its resume point intact, named as a copy and marked
    // imported with the status it had where it was exported.
    expect(original.status).toBe('running');
    expect(copy).toEqual({ ...original, id: newRun, name: 'bundle me (imported)', status: 'paused', imported: { at: expect.any(Number), status: 'running' } });
    expect(copy.lastCompleted).toEqual({ iteration: 1, stage: 'evaluate' });

    const strip = (text: string) => text.split('\n').filter(Boolean).map((l) => ({ ...JSON.parse(l), id: 0, runId: 0 }));
    expect(strip(await exportTrajectoriesJsonl(target, { runId: newRun }))).toEqual(strip(await exportTrajectoriesJsonl(source, { runId })));

    const examples = await listExamples(target, newRun, 1);
    expect(examples.map((e) => e.text)).toEqual(['Q: a\nFeedback: x', 'Q: b']);
    // The example's trajectory reference follows its trajectory to its new id.
    expect((await getTrajectory(target, examples[0].trajectoryId!))?.problem.id).toBe('p3');
    expect(examples[1].trajectoryId).toBeNull();

    expect((await listMetrics(target, newRun)).map((m) => [m.step, m.value])).toEqual([[0, 2.25], [1, NaN]]);
    expect((await listEvals(target, newRun)).map(({ id: _i, runId: _r, ...e }) => e)).toEqual(
      (await listEvals(source, runId)).map(({ id: _i, runId: _r, ...e }) => e),
    );

    const before = await listCheckpoints(source, runId);
    const after = await listCheckpoints(target, newRun);
    expect(after.map((c) => [c.iteration, c.label, c.tensors, c.byteLength])).toEqual(before.map((c) => [c.iteration, c.label, c.tensors, c.byteLength]));
    for (let i = 0; i < before.length; i++) {
      const a = (await loadCheckpoint(source, before[i].id)).weights;
      const b = (await loadCheckpoint(target, after[i].id)).weights;
      // Tensors bit-exact; the padding between them is not part of any tensor and comes back as zeros.
      expect(new Uint32Array(b.buffer.slice(0, 80))).toEqual(new Uint32Array(a.buffer.slice(0, 80)));
      expect(new Uint32Array(b.buffer.slice(88))).toEqual(new Uint32Array(a.buffer.slice(88)));
      expect(Array.from(b.subarray(20, 22))).toEqual([0, 0]);
    }
  });

  it('names an imported run "<name> (imported)", once: a copy of a copy is not marked twice', async () => {
    const first = await importRunBundle(target, bundle);
    const again = await importRunBundle(target, await exportRunBundle(target, first.runId));
    expect((await getRun(target, first.runId)).name).toBe('bundle me (imported)');
    const copy = await getRun(target, again.runId);
    expect(copy.name).toBe('bundle me (imported)');
    // Exported from here it was paused (it arrived paused): that is the status it keeps.
    expect(copy).toMatchObject({ status: 'paused', imported: { status: 'paused' } });
  });

  it('gives a clear error for a file that is not a zip', async () => {
    await expectRejected(strToU8('this is a text file, not a zip archive at all'), 'corrupt', /not a readable zip/);
  });

  it('gives a clear error for a truncated zip', async () => {
    await expectRejected(bundle.subarray(0, bundle.length - 100), 'corrupt', /not a readable zip/);
  });

  it('gives a clear error for a zip that is not a run bundle', async () => {
    await expectRejected(zipSync({ 'notes.txt': strToU8('hi') }), 'invalid', /not a TriPosT run bundle: it has no run.json/);
  });

  it('names the version mismatch for a bundle from a newer or older playground', async () => {
    const withVersion = (v: number) =>
      rezip((files) => {
        const manifest = JSON.parse(strFromU8(files['run.json']));
        files['run.json'] = strToU8(JSON.stringify({ ...manifest, bundleVersion: v }));
      });
    await expectRejected(withVersion(BUNDLE_VERSION + 1), 'version', new RegExp(`newer version .* format ${BUNDLE_VERSION + 1}\\)`));
    await expectRejected(withVersion(0), 'version', /older version/);
  });

  it('detects a damaged file inside an intact zip', async () => {
    const damaged = rezip((files) => {
      const weights = files['weights/001-iteration-1.safetensors'];
      weights[weights.length - 3] ^= 0x40;
    });
    await expectRejected(damaged, 'corrupt', /weights\/001-iteration-1.safetensors .* damaged/);
  });

  /** Replaces one file and updates its checksum, as a buggy or hand-edited export would. */
  async function withFile(name: string, content: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
    const files = unzipSync(bundle);
    files[name] = content;
    const manifest = JSON.parse(strFromU8(files['run.json']));
    manifest.sha256[name] = await sha256Hex(content);
    files['run.json'] = strToU8(JSON.stringify(manifest));
    return zipSync(files);
  }

  it('reports an invalid trajectory line by number, even with a matching checksum', async () => {
    const lines = strFromU8(unzipSync(bundle)['trajectories.jsonl']).split('\n');
    lines[6] = JSON.stringify({ ...JSON.parse(lines[6]), outcome: 'great' });
    await expectRejected(await withFile('trajectories.jsonl', strToU8(lines.join('\n'))), 'invalid', /trajectories.jsonl line 7: outcome must be one of/);
  });

  it('names the weights file that is not valid safetensors', async () => {
    await expectRejected(await withFile('weights/000-iteration-0.safetensors', new Uint8Array(5)), 'corrupt', /weights\/000-iteration-0.safetensors: File too short/);
  });

  it('reports a bad metric line by number', async () => {
    await expectRejected(await withFile('metrics.jsonl', strToU8('{"iteration":1,"series":"loss","step":0,"value":1}\n{"iteration":1,"series":"loss","step":"one","value":1}\n')), 'invalid', /metrics.jsonl line 2 .*step must be number/);
  });
});

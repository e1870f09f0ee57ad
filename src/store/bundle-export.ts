// Exports a whole run as one zip bundle (see bundle-format.ts for the layout).
import { zipSync, strToU8, type Zippable } from 'fflate';
import { encodeSafetensors } from '../engine/safetensors';
import { BUNDLE_FILES, BUNDLE_FORMAT, BUNDLE_VERSION, sha256Hex, type BundleCheckpoint, type BundleManifest, type BundleTrainingCheckpoint } from './bundle-format';
import { listCheckpoints, loadCheckpoint, type LoadedCheckpoint } from './checkpoints';
import { SCHEMA_VERSION, type TriPostDb } from './db';
import { listEvalProgress } from './eval-progress';
import { listEvals } from './evals';
import { exportTrajectoriesJsonl } from './jsonl';
import { listMetrics } from './metrics';
import { getRun } from './runs';
import { loadTrainingCheckpoint } from './training-checkpoint';

function toJsonl(records: readonly object[]): string {
  return records.map((r) => JSON.stringify(r) + '\n').join('');
}

function safetensorsFor({ record, weights }: LoadedCheckpoint): Uint8Array {
  const tensors = record.tensors.map((t) => ({
    name: t.name,
    shape: t.shape,
    data: weights.subarray(t.offset, t.offset + t.shape.reduce((a, b) => a * b, 1)),
  }));
  return encodeSafetensors(tensors, {
    'tripost.label': record.label,
    'tripost.iteration': String(record.iteration),
    'tripost.modelConfig': JSON.stringify(record.modelConfig),
  });
}

/** A checkpoint's entry in run.json; its weights go to `file`. */
function bundleCheckpoint(file: string, { record, weights }: LoadedCheckpoint): BundleCheckpoint {
  const { iteration, label, modelConfig, tensors, createdAt } = record;
  return { file, iteration, label, modelConfig, tensors, length: weights.length, createdAt };
}

/** The run, its trajectories, training sets, metrics, evals and checkpoints (with a mid-stage one and an evaluation in progress) as zip bytes. */
export async function exportRunBundle(db: TriPostDb, runId: number): Promise<Uint8Array> {
  // One read transaction, so a run being written to still exports a consistent snapshot.
  const snapshot = await db.transaction('r', db.tables, async () => {
    const run = await getRun(db, runId);
    const checkpointRecords = await listCheckpoints(db, runId);
    const checkpoints: LoadedCheckpoint[] = [];
    for (const c of checkpointRecords) checkpoints.push(await loadCheckpoint(db, c.id));
    return {
      run,
      trajectories: await exportTrajectoriesJsonl(db, { runId }),
      examples: (await db.examples.where('runId').equals(runId).sortBy('id')).map(({ id: _id, runId: _run, ...e }) => e),
      metrics: (await listMetrics(db, runId)).map(({ id: _id, runId: _run, ...m }) => m),
      evals: (await listEvals(db, runId)).map(({ id: _id, runId: _run, ...e }) => e),
      evalProgress: (await listEvalProgress(db, runId)).map(({ runId: _run, ...r }) => r),
      checkpoints,
      training: await loadTrainingCheckpoint(db, runId),
    };
  });

  const files: Record<string, Uint8Array> = {
    [BUNDLE_FILES.trajectories]: strToU8(snapshot.trajectories),
    [BUNDLE_FILES.examples]: strToU8(toJsonl(snapshot.examples)),
    [BUNDLE_FILES.metrics]: strToU8(toJsonl(snapshot.metrics)),
    [BUNDLE_FILES.evals]: strToU8(JSON.stringify(snapshot.evals, null, 1)),
  };
  // An evaluation in progress travels too, so the imported run goes on from the problems it had done.
  if (snapshot.evalProgress.length) files[BUNDLE_FILES.evalProgress] = strToU8(toJsonl(snapshot.evalProgress));
  const checkpoints: BundleCheckpoint[] = snapshot.checkpoints.map((c, i) => {
    const file = `weights/${String(i).padStart(3, '0')}-iteration-${c.record.iteration}.safetensors`;
    files[file] = safetensorsFor(c);
    return bundleCheckpoint(file, c);
  });
  let training: BundleTrainingCheckpoint | undefined;
  if (snapshot.training?.record.training) {
    const file = 'weights/training.safetensors';
    files[file] = safetensorsFor(snapshot.training);
    training = { ...bundleCheckpoint(file, snapshot.training), training: snapshot.training.record.training };
  }

  const sha256: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(files)) sha256[name] = await sha256Hex(bytes);
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    bundleVersion: BUNDLE_VERSION,
    schemaVersion: SCHEMA_VERSION,
    exportedAt: Date.now(),
    run: snapshot.run,
    checkpoints,
    ...(training && { training }),
    sha256,
  };
  const zippable: Zippable = { [BUNDLE_FILES.manifest]: strToU8(JSON.stringify(manifest, null, 1)) };
  // Weights barely compress and are large: store them; compress the text files.
  for (const [name, bytes] of Object.entries(files)) zippable[name] = [bytes, { level: name.endsWith('.safetensors') ? 0 : 6 }];
  return zipSync(zippable);
}

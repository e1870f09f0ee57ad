// Imports a run bundle as a new run: everything is checked first, then written in one transaction.
import { unzipSync, strFromU8 } from 'fflate';
import { decodeSafetensors, SafetensorsError, type DecodedSafetensors } from '../engine/safetensors';
import {
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  CHECKPOINT_FIELDS,
  EVAL_FIELDS,
  EVAL_PROGRESS_FIELDS,
  EXAMPLE_FIELDS,
  MANIFEST_FIELDS,
  METRIC_FIELDS,
  RUN_FIELDS,
  TRAINING_MARK_FIELDS,
  sha256Hex,
  type BundleCheckpoint,
  type BundleManifest,
} from './bundle-format';
import { saveCheckpoint, type NewCheckpoint } from './checkpoints';
import type { TriPostDb } from './db';
import { BundleError } from './errors';
import { guardWrite } from './health';
import { parseTrajectoriesJsonl } from './jsonl';
import type { EvalProgressRow, EvalRecord, MetricPoint, New, RunRecord, TrainingExample, TrainingMark } from './schema';
import { toRow } from './trajectories';
import { validateFields, type FieldKind } from './validate';

export interface ImportedBundle {
  runId: number;
  trajectories: number;
  checkpoints: number;
}

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes);
  } catch (error) {
    throw new BundleError('corrupt', `This file is not a readable zip archive; it may be truncated or damaged (${(error as Error).message}).`, { cause: error });
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BundleError('corrupt', `${file} in the bundle is not valid JSON (${(error as Error).message}).`, { cause: error });
  }
}

function checked<T>(file: string, value: unknown, spec: Record<string, FieldKind>): T {
  const result = validateFields<T>(value, spec);
  if (!result.ok) throw new BundleError('invalid', `${file} in the bundle is not valid: ${result.reason}.`);
  return result.value;
}

function readManifest(files: Record<string, Uint8Array>): BundleManifest {
  const bytes = files[BUNDLE_FILES.manifest];
  if (!bytes) throw new BundleError('invalid', `This zip is not a TriPosT run bundle: it has no ${BUNDLE_FILES.manifest}.`);
  const json = parseJson(BUNDLE_FILES.manifest, strFromU8(bytes)) as { format?: unknown; bundleVersion?: unknown };
  if (json?.format !== BUNDLE_FORMAT) throw new BundleError('invalid', `This zip is not a TriPosT run bundle (format is ${JSON.stringify(json?.format)}).`);
  if (json.bundleVersion !== BUNDLE_VERSION) {
    const which = typeof json.bundleVersion === 'number' && json.bundleVersion > BUNDLE_VERSION ? 'a newer' : 'an older';
    throw new BundleError(
      'version',
      `This bundle was written by ${which} version of the playground (bundle format ${String(json.bundleVersion)}); this version reads format ${BUNDLE_VERSION} only.`,
    );
  }
  const manifest = checked<BundleManifest>(BUNDLE_FILES.manifest, json, MANIFEST_FIELDS);
  checked<RunRecord>(`${BUNDLE_FILES.manifest} (run)`, manifest.run, RUN_FIELDS);
  if (!Array.isArray(manifest.checkpoints)) throw new BundleError('invalid', `${BUNDLE_FILES.manifest}: checkpoints must be a list.`);
  for (const c of manifest.checkpoints) checked<BundleCheckpoint>(`${BUNDLE_FILES.manifest} (checkpoint)`, c, CHECKPOINT_FIELDS);
  if (manifest.training !== undefined) {
    checked<BundleCheckpoint>(`${BUNDLE_FILES.manifest} (training checkpoint)`, manifest.training, CHECKPOINT_FIELDS);
    checked<TrainingMark>(`${BUNDLE_FILES.manifest} (training checkpoint)`, manifest.training.training, TRAINING_MARK_FIELDS);
  }
  return manifest;
}

async function verifyChecksums(files: Record<string, Uint8Array>, manifest: BundleManifest): Promise<void> {
  const weights = [...manifest.checkpoints, ...(manifest.training ? [manifest.training] : [])].map((c) => c.file);
  const required = [BUNDLE_FILES.trajectories, BUNDLE_FILES.examples, BUNDLE_FILES.metrics, BUNDLE_FILES.evals, ...weights];
  // Optional, but checked like the others when there.
  const optional = files[BUNDLE_FILES.evalProgress] ? [BUNDLE_FILES.evalProgress] : [];
  for (const name of [...required, ...optional]) {
    if (!files[name]) throw new BundleError('corrupt', `The bundle is missing ${name}.`);
    if (manifest.sha256[name] !== (await sha256Hex(files[name]))) {
      throw new BundleError('corrupt', `${name} in the bundle is damaged (its checksum does not match run.json).`);
    }
  }
}

function jsonlRecords<T>(file: string, bytes: Uint8Array, spec: Record<string, FieldKind>): T[] {
  return strFromU8(bytes)
    .split('\n')
    .map((line, i) => ({ line, number: i + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, number }) => checked<T>(`${file} line ${number}`, parseJson(`${file} line ${number}`, line), spec));
}

type Obj = Record<string, unknown>;
const isTurn = (t: unknown) => typeof t === 'object' && t !== null && typeof (t as Obj).attempt === 'string' && ['undefined', 'string'].includes(typeof (t as Obj).feedback);

/** The evaluation-in-progress rows of a bundle, none when it has no such file. */
function evalProgressRows(files: Record<string, Uint8Array>): Omit<EvalProgressRow, 'runId'>[] {
  const file = BUNDLE_FILES.evalProgress;
  if (!files[file]) return [];
  const rows = jsonlRecords<Omit<EvalProgressRow, 'runId'>>(file, files[file], EVAL_PROGRESS_FIELDS);
  const bad = rows.findIndex((r) => !Array.isArray(r.turns) || !r.turns.every(isTurn));
  if (bad >= 0) throw new BundleError('invalid', `${file} line ${bad + 1}: turns must be a list of {attempt, feedback?} strings.`);
  return rows;
}

function decodeWeights(file: string, bytes: Uint8Array): DecodedSafetensors {
  try {
    return decodeSafetensors(bytes);
  } catch (error) {
    if (error instanceof SafetensorsError) throw new BundleError('corrupt', `${file}: ${error.message}`, { cause: error });
    throw error;
  }
}

function rebuildCheckpoint(c: BundleCheckpoint, bytes: Uint8Array): Omit<NewCheckpoint, 'runId'> {
  const decoded = decodeWeights(c.file, bytes);
  const byName = new Map(decoded.tensors.map((t) => [t.name, t]));
  const weights = new Float32Array(c.length);
  for (const t of c.tensors) {
    const tensor = byName.get(t.name);
    if (!tensor || tensor.shape.join(',') !== t.shape.join(',')) {
      throw new BundleError('invalid', `${c.file} has no tensor ${t.name} of shape [${t.shape}] as run.json says.`);
    }
    weights.set(tensor.data, t.offset);
  }
  return { iteration: c.iteration, label: c.label, modelConfig: c.modelConfig, tensors: c.tensors, weights, createdAt: c.createdAt };
}

const IMPORTED = ' (imported)';

/** "<name> (imported)"; a copy of a copy is not marked twice. */
export function importedName(name: string): string {
  return name.endsWith(IMPORTED) ? name : `${name}${IMPORTED}`;
}

/** The run record of a bundle, checked as on import (the command line resumes with its config). */
export function bundleRun(bytes: Uint8Array): RunRecord {
  return readManifest(unzip(bytes)).run;
}

/** Imports a bundle as a new run; throws BundleError (nothing written) when it cannot be read. */
export async function importRunBundle(db: TriPostDb, bytes: Uint8Array): Promise<ImportedBundle> {
  const files = unzip(bytes);
  const manifest = readManifest(files);
  await verifyChecksums(files, manifest);
  const parsed = parseTrajectoriesJsonl(strFromU8(files[BUNDLE_FILES.trajectories]));
  if (parsed.errors.length > 0) {
    const { line, reason } = parsed.errors[0];
    throw new BundleError('invalid', `${BUNDLE_FILES.trajectories} line ${line}: ${reason} (${parsed.errors.length} bad lines).`);
  }
  const examples = jsonlRecords<New<TrainingExample>>(BUNDLE_FILES.examples, files[BUNDLE_FILES.examples], EXAMPLE_FIELDS);
  const metrics = jsonlRecords<New<MetricPoint>>(BUNDLE_FILES.metrics, files[BUNDLE_FILES.metrics], METRIC_FIELDS);
  const evalsJson = parseJson(BUNDLE_FILES.evals, strFromU8(files[BUNDLE_FILES.evals]));
  if (!Array.isArray(evalsJson)) throw new BundleError('invalid', `${BUNDLE_FILES.evals} must be a list.`);
  const evals = evalsJson.map((e, i) => checked<New<EvalRecord>>(`${BUNDLE_FILES.evals} item ${i + 1}`, e, EVAL_FIELDS));
  const checkpoints = manifest.checkpoints.map((c) => rebuildCheckpoint(c, files[c.file]));
  const evalProgress = evalProgressRows(files);
  const training = manifest.training && { ...rebuildCheckpoint(manifest.training, files[manifest.training.file]), training: manifest.training.training };

  const { id: _oldId, ...run } = manifest.run;
  const tables = [db.runs, db.trajectories, db.examples, db.checkpoints, db.checkpointChunks, db.metrics, db.evals, db.evalProgress];
  return guardWrite(() =>
    db.transaction('rw', tables, async () => {
      // An imported run is not running in this tab; it can be resumed (inside its training stage when the bundle holds
      // a training checkpoint, inside its evaluation when it holds one in progress). Its name says it is a copy, and it
      // keeps the status it had where it was exported.
      const runId = await db.runs.add({
        ...run,
        name: importedName(run.name),
        status: run.status === 'running' ? 'paused' : run.status,
        imported: { at: Date.now(), status: run.status },
      });
      const rows = parsed.valid.map(({ value }) => toRow({ ...value, runId, createdAt: value.createdAt ?? Date.now() }));
      const newIds = await db.trajectories.bulkAdd(rows, { allKeys: true });
      const idMap = new Map(parsed.valid.map(({ sourceId }, i) => [sourceId, newIds[i]]));
      await db.examples.bulkAdd(
        examples.map((e) => ({ ...e, runId, trajectoryId: e.trajectoryId === null ? null : (idMap.get(e.trajectoryId) ?? null) })) as TrainingExample[],
      );
      await db.metrics.bulkAdd(metrics.map((m) => ({ ...m, runId, value: m.value ?? NaN })) as MetricPoint[]);
      await db.evals.bulkAdd(evals.map((e) => ({ ...e, runId })) as EvalRecord[]);
      await db.evalProgress.bulkAdd(evalProgress.map((r) => ({ ...r, runId })));
      for (const c of checkpoints) await saveCheckpoint(db, { ...c, runId });
      if (training) await saveCheckpoint(db, { ...training, runId });
      return { runId, trajectories: rows.length, checkpoints: checkpoints.length };
    }),
  );
}

// The run bundle's format: a zip of run.json, trajectories.jsonl, examples.jsonl, metrics.jsonl,
// evals.json, weights/*.safetensors and, for a run stopped inside an evaluation, eval-progress.jsonl; run.json carries
// the version and a SHA-256 of every file.
import { EXAMPLE_KINDS, RUN_STATUSES, SPLITS, TASK_IDS, type CheckpointTensor, type JsonObject, type RunRecord, type TrainingMark } from './schema';
import type { FieldKind } from './validate';

export const BUNDLE_FORMAT = 'tripost-playground-run';
/** Bump when a bundle written now could not be read by the previous reader, or the reverse. */
export const BUNDLE_VERSION = 1;

export const BUNDLE_FILES = {
  manifest: 'run.json',
  trajectories: 'trajectories.jsonl',
  examples: 'examples.jsonl',
  metrics: 'metrics.jsonl',
  evals: 'evals.json',
  /** Only in the bundle of a run stopped inside an evaluation; a reader that does not know it evaluates from the start. */
  evalProgress: 'eval-progress.jsonl',
} as const;

/** A checkpoint in the bundle: its safetensors file and the flat-buffer layout to rebuild. */
export interface BundleCheckpoint {
  file: string;
  iteration: number;
  label: string;
  modelConfig: JsonObject;
  /** Tensor offsets in the flat float32 buffer, and its length in floats. */
  tensors: CheckpointTensor[];
  length: number;
  createdAt: number;
}

/**
 * A run's mid-stage training checkpoint (weights then Adam moments), so an exported run resumes inside its training
 * stage. Kept apart from `checkpoints`: a reader that does not know it ignores it and resumes after the last stage.
 */
export interface BundleTrainingCheckpoint extends BundleCheckpoint {
  training: TrainingMark;
}

/** run.json. */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  bundleVersion: number;
  /** The database schema version of the exporting build (informative). */
  schemaVersion: number;
  exportedAt: number;
  /** The run as it was stored; its id is replaced on import. */
  run: RunRecord;
  checkpoints: BundleCheckpoint[];
  /** Absent when the run was between stages. */
  training?: BundleTrainingCheckpoint;
  /** Hex SHA-256 of every other file in the zip, by name. */
  sha256: Record<string, string>;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Field specs of the flat records a bundle carries, checked line by line on import. */
export const METRIC_FIELDS: Record<string, FieldKind> = {
  iteration: 'integer',
  series: 'string',
  step: 'number',
  // JSON has no NaN: a diverged loss is written as null.
  value: 'number|null',
};

export const EVAL_FIELDS: Record<string, FieldKind> = {
  iteration: 'integer',
  model: 'string',
  task: TASK_IDS,
  split: SPLITS,
  n: 'integer',
  accuracy: 'number',
  siFreq: 'number',
  siContrib: 'number',
  createdAt: 'number',
};

/** An evaluation-in-progress row; its turns are checked apart (bundle-import.ts). */
export const EVAL_PROGRESS_FIELDS: Record<string, FieldKind> = {
  iteration: 'integer',
  split: SPLITS,
  problemId: 'string',
  turns: 'json',
  updates: 'integer',
  generations: 'integer',
  context: 'string|null',
};

export const EXAMPLE_FIELDS: Record<string, FieldKind> = {
  iteration: 'integer',
  task: TASK_IDS,
  kind: EXAMPLE_KINDS,
  text: 'string',
  weightFrom: 'integer|null',
  trajectoryId: 'integer|null',
};

export const MANIFEST_FIELDS: Record<string, FieldKind> = {
  bundleVersion: 'integer',
  schemaVersion: 'integer',
  exportedAt: 'number',
  run: 'json',
  checkpoints: 'json',
  sha256: 'json',
};

export const RUN_FIELDS: Record<string, FieldKind> = {
  id: 'integer',
  name: 'string',
  config: 'json',
  status: RUN_STATUSES,
  createdAt: 'number',
  updatedAt: 'number',
};

export const CHECKPOINT_FIELDS: Record<string, FieldKind> = {
  file: 'string',
  iteration: 'integer',
  label: 'string',
  modelConfig: 'json',
  tensors: 'json',
  length: 'integer',
  createdAt: 'number',
};

export const TRAINING_MARK_FIELDS: Record<string, FieldKind> = {
  stage: ['finetune', 'train'],
  step: 'integer',
  total: 'integer',
};

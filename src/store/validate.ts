// Checks an untrusted JSON value (a JSONL line, a bundle entry) against the trajectory schema,
// with a reason precise enough to fix the line by hand.
import { FEEDBACK_KINDS, OUTCOMES, SPLITS, TASK_IDS, type NewTrajectory, type Problem, type Turn } from './schema';

export type Validation<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Thrown inside the validator and turned into `{ ok: false }` at its edge. */
class Invalid extends Error {}

type Obj = Record<string, unknown>;

function validation<T>(check: () => T): Validation<T> {
  try {
    return { ok: true, value: check() };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, reason: error.message };
    throw error;
  }
}

function object(value: unknown, path: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Invalid(`${path} must be an object`);
  return value as Obj;
}

function string(o: Obj, key: string, path: string): string {
  if (typeof o[key] !== 'string') throw new Invalid(`${path}${key} must be a string`);
  return o[key] as string;
}

function optionalString(o: Obj, key: string, path: string): string | undefined {
  return o[key] === undefined ? undefined : string(o, key, path);
}

function oneOf<T extends string>(o: Obj, key: string, allowed: readonly T[], path = ''): T {
  if (!allowed.includes(o[key] as T)) throw new Invalid(`${path}${key} must be one of ${allowed.join(', ')}`);
  return o[key] as T;
}

function turn(value: unknown, index: number): Turn {
  const path = `turns[${index}].`;
  const o = object(value, `turns[${index}]`);
  const t: Turn = {
    attempt: string(o, 'attempt', path),
    feedback: string(o, 'feedback', path),
    feedbackKind: oneOf(o, 'feedbackKind', FEEDBACK_KINDS, path),
  };
  const errorStep = optionalString(o, 'errorStep', path);
  const segment = optionalString(o, 'segment', path);
  if (errorStep !== undefined) t.errorStep = errorStep;
  if (segment !== undefined) t.segment = segment;
  return t;
}

function problem(value: unknown): Problem {
  const o = object(value, 'problem');
  string(o, 'id', 'problem.');
  string(o, 'question', 'problem.');
  return o as Problem;
}

function trajectory(value: unknown): NewTrajectory {
  const o = object(value, 'the line');
  if (!Number.isInteger(o.iteration) || (o.iteration as number) < 0) throw new Invalid('iteration must be an integer ≥ 0');
  if (!Array.isArray(o.turns) || o.turns.length === 0) throw new Invalid('turns must be a non-empty array');
  if (typeof o.kept !== 'boolean') throw new Invalid('kept must be true or false');
  if (o.createdAt !== undefined && !Number.isFinite(o.createdAt)) throw new Invalid('createdAt must be a number');
  const t: NewTrajectory = {
    runId: typeof o.runId === 'number' ? o.runId : 0,
    iteration: o.iteration as number,
    task: oneOf(o, 'task', TASK_IDS),
    split: oneOf(o, 'split', SPLITS),
    problem: problem(o.problem),
    turns: o.turns.map(turn),
    outcome: oneOf(o, 'outcome', OUTCOMES),
    critic: string(o, 'critic', ''),
    kept: o.kept,
  };
  const dropReason = optionalString(o, 'dropReason', '');
  if (dropReason !== undefined) t.dropReason = dropReason;
  if (o.createdAt !== undefined) t.createdAt = o.createdAt as number;
  return t;
}

/** Validates a parsed JSON value as a trajectory; `runId` is 0 when absent (importers set their own). */
export function validateTrajectory(value: unknown): Validation<NewTrajectory> {
  return validation(() => trajectory(value));
}

/** A field's expected JSON type: a primitive, a nullable one, or one of a list of strings. */
export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'string|null' | 'number|null' | 'integer|null' | 'json' | readonly string[];

function matches(v: unknown, kind: FieldKind): boolean {
  if (typeof kind !== 'string') return kind.includes(v as string);
  if (kind === 'json') return v !== undefined;
  if (kind.endsWith('|null') && v === null) return true;
  const base = kind.replace('|null', '');
  return base === 'integer' ? Number.isInteger(v) : typeof v === base;
}

/** Validates a flat record field by field (metrics, evals, examples in bundles). */
export function validateFields<T>(value: unknown, spec: Record<string, FieldKind>): Validation<T> {
  return validation(() => {
    const o = object(value, 'the record');
    for (const [key, kind] of Object.entries(spec)) {
      if (!matches(o[key], kind)) throw new Invalid(`${key} must be ${typeof kind === 'string' ? kind : `one of ${kind.join(', ')}`}`);
    }
    return o as T;
  });
}

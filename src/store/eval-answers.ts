// What the model answered at an evaluation: every problem's attempts, the model's own feedback on them, and the task
// checker's verdict on each attempt. Kept on the evaluation's record as `answers`, a field no index reads, so it needs
// no schema version; records from before it (and bundles exported then) have none.
import type { EvalRecord, FeedbackKind, Problem } from './schema';
import { FEEDBACK_KINDS } from './schema';

/** One attempt of the model, as the evaluation generated it, and what the task's checker says of it. */
export interface EvalAnswerTurn {
  /** The attempt's text, from step (1) to the final response line (or whatever the model wrote instead). */
  attempt: string;
  /** The model's own feedback on the attempt, after `Feedback: `; absent when it wrote none. */
  feedback?: string;
  /** The task checker's (the scripted critic's) verdict on the attempt: not the model's. */
  check: FeedbackKind;
  /** The checker's first wrong step, e.g. "2" or "Final response"; only for `error`. */
  errorStep?: string;
  /** The wrong part of that step; only for `error`. */
  segment?: string;
  /** Why the step is wrong (`error`) or the attempt unreadable (`format`). */
  reason?: string;
}

/** One evaluation problem and the model's answer to it. */
export interface EvalAnswer {
  problem: Problem;
  /** The first attempt, then each "Updated Answer" the model wrote. */
  turns: EvalAnswerTurn[];
  /** The model wrote at least one "Updated Answer". */
  selfImproved: boolean;
  /** The first attempt's answer is the task's answer. */
  initialCorrect: boolean;
  /** The last attempt's answer is the task's answer. */
  finalCorrect: boolean;
}

/** An evaluation record with its answers (evaluations stored before answers were kept have none). */
export type EvalRecordWithAnswers = EvalRecord & { answers?: EvalAnswer[] };

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';

function readTurn(v: unknown): EvalAnswerTurn | null {
  if (!isObject(v) || typeof v.attempt !== 'string' || !FEEDBACK_KINDS.includes(v.check as FeedbackKind)) return null;
  if (![v.feedback, v.errorStep, v.segment, v.reason].every(optionalString)) return null;
  return v as unknown as EvalAnswerTurn;
}

function readAnswer(v: unknown): EvalAnswer | null {
  if (!isObject(v) || !isObject(v.problem) || typeof v.problem.id !== 'string' || typeof v.problem.question !== 'string') return null;
  if (![v.selfImproved, v.initialCorrect, v.finalCorrect].every((b) => typeof b === 'boolean')) return null;
  if (!Array.isArray(v.turns) || v.turns.length === 0) return null;
  const turns = v.turns.map(readTurn);
  if (turns.some((t) => t === null)) return null;
  return { ...(v as unknown as EvalAnswer), turns: turns as EvalAnswerTurn[] };
}

/**
 * The answers of a stored evaluation record, read defensively (a record may come from an imported bundle): answers
 * that are not of this shape are left out, and a record without answers has none.
 */
export function answersOf(record: { answers?: unknown }): EvalAnswer[] {
  if (!Array.isArray(record.answers)) return [];
  return record.answers.map(readAnswer).filter((a): a is EvalAnswer => a !== null);
}

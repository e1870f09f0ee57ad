// Critic answers as outcomes the pipeline records: an unparsable or illegal answer becomes a drop reason
// with the raw text, never an exception; only Stop and settings the user must fix are thrown.

import { checkImprovement, type Critic, type Feedback, type Problem } from '../tasks';
import { LlmError } from './errors';
import { isEndpointFailure } from './endpoint-down';

export type DropReason = 'unparsable-feedback' | 'illegal-improvement' | 'request-failed';

export interface Drop {
  reason: DropReason;
  /** Why, in words. */
  detail: string;
  /** The model's answer as it came (empty when there was none). */
  raw: string;
  /** Set when the endpoint failed (down, overloaded), not the answer: the pipeline counts these in a row. */
  endpointError?: LlmError;
}

/** How a critic says "drop this trajectory" through the plain Critic interface. */
export class CriticDropError extends Error {
  readonly drop: Drop;
  constructor(drop: Drop) {
    super(`${drop.reason}: ${drop.detail}`);
    this.name = 'CriticDropError';
    this.drop = drop;
  }
}

export type FeedbackOutcome = { ok: true; feedback: Feedback } | { ok: false; drop: Drop };
export type ImproveOutcome = { ok: true; text: string } | { ok: false; drop: Drop };

/** Errors that end the run rather than one trajectory: Stop, and endpoint settings that fail every request. */
export function isFatal(e: unknown): boolean {
  if (e instanceof LlmError) return ['aborted', 'unauthorized', 'forbidden', 'not-found', 'bad-request', 'quota', 'http'].includes(e.kind);
  return !(e instanceof CriticDropError);
}

function asDrop(e: unknown): Drop {
  if (e instanceof CriticDropError) return e.drop;
  const drop: Drop = { reason: 'request-failed', detail: (e as Error).message, raw: '' };
  if (isEndpointFailure(e)) drop.endpointError = e;
  return drop;
}

/** The critic's feedback, or the drop it amounts to. */
export async function feedbackOutcome(critic: Critic, problem: Problem, attempt: string, signal?: AbortSignal): Promise<FeedbackOutcome> {
  try {
    return { ok: true, feedback: await critic.feedback(problem, attempt, signal) };
  } catch (e) {
    if (isFatal(e)) throw e;
    return { ok: false, drop: asDrop(e) };
  }
}

/** The critic's improvement if it is legal (DESIGN.md §4), or the drop it amounts to. */
export async function improveOutcome(
  critic: Critic,
  problem: Problem,
  attempt: string,
  feedback: Feedback,
  signal?: AbortSignal,
): Promise<ImproveOutcome> {
  let text: string;
  try {
    text = await critic.improve(problem, attempt, feedback, signal);
  } catch (e) {
    if (isFatal(e)) throw e;
    return { ok: false, drop: asDrop(e) };
  }
  const legality = checkImprovement(attempt, feedback, text);
  if (!legality.legal) return { ok: false, drop: { reason: 'illegal-improvement', detail: legality.reason, raw: text } };
  return { ok: true, text };
}

/** A drop as one string for the trajectory's `dropReason`; the raw text is kept, cut at 4000 characters. */
export function formatDrop(drop: Drop): string {
  const raw = drop.raw.length > 4000 ? `${drop.raw.slice(0, 4000)}…` : drop.raw;
  return raw ? `${drop.reason}: ${drop.detail}\n--- raw answer ---\n${raw}` : `${drop.reason}: ${drop.detail}`;
}

// Interactive trajectory editing (DESIGN.md §5): the critic names the first wrong step, improves from it,
// and checks again, up to maxEditRounds; the drop and truncate rules of the reference code.
import type { LlmError } from '../llm/errors';
import { feedbackOutcome, formatDrop, improveOutcome, type Drop } from '../llm/outcome';
import { compareSteps, countSteps, renderFeedback, type Critic, type Feedback, type Problem } from '../tasks';
import type { Outcome, Turn as StoredTurn } from '../store';

export interface EditedTrajectory {
  turns: StoredTurn[];
  outcome: Outcome;
  kept: boolean;
  dropReason?: string;
  /** The drop was the endpoint's failure, not the trajectory's (the edit stage counts these; never stored). */
  endpointError?: LlmError;
}

export interface EditLimits {
  maxEditRounds: number;
  maxAttemptWords: number;
}

/** A turn as stored: the feedback rendered into its training text, plus what the inspector highlights. */
export function storedTurn(attempt: string, fb: Feedback): StoredTurn {
  const turn: StoredTurn = { attempt, feedback: renderFeedback(fb, countSteps(attempt)), feedbackKind: fb.kind };
  if (fb.kind === 'error') {
    turn.errorStep = fb.step;
    turn.segment = fb.segment;
  }
  return turn;
}

/** An improvement whose new error is earlier than the last one, or the same step and segment again. */
export function isBadImprovement(previous: Feedback, next: Feedback): boolean {
  if (next.kind === 'correct') return false;
  if (next.kind === 'format' || previous.kind !== 'error') return true;
  const order = compareSteps(next.step, previous.step);
  return order < 0 || (order === 0 && next.segment === previous.segment);
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => w !== '').length;
}

export async function editTrajectory(problem: Problem, attempt: string, critic: Critic, limits: EditLimits, signal?: AbortSignal): Promise<EditedTrajectory> {
  const words = wordCount(attempt);
  const dropped = (turns: StoredTurn[], reason: string, outcome: Outcome = 'dropped'): EditedTrajectory => ({ turns, outcome, kept: false, dropReason: reason });
  const droppedBy = (turns: StoredTurn[], drop: Drop): EditedTrajectory => ({ ...dropped(turns, formatDrop(drop)), ...(drop.endpointError && { endpointError: drop.endpointError }) });
  if (words > limits.maxAttemptWords) {
    return dropped([{ attempt, feedback: '', feedbackKind: 'format' }], `attempt of ${words} words is over the ${limits.maxAttemptWords}-word limit`);
  }
  const first = await feedbackOutcome(critic, problem, attempt, signal);
  if (!first.ok) return droppedBy([{ attempt, feedback: '', feedbackKind: 'format' }], first.drop);

  const turns = [storedTurn(attempt, first.feedback)];
  if (first.feedback.kind === 'correct') return { turns, outcome: 'correct', kept: true };

  let current = { attempt, feedback: first.feedback };
  for (let round = 1; round <= limits.maxEditRounds; round++) {
    const improved = await improveOutcome(critic, problem, current.attempt, current.feedback, signal);
    if (!improved.ok) return droppedBy(turns, improved.drop);
    const next = await feedbackOutcome(critic, problem, improved.text, signal);
    if (!next.ok) return droppedBy(turns, next.drop);
    if (isBadImprovement(current.feedback, next.feedback)) {
      return dropped(turns.slice(0, 1), `bad improvement in round ${round}: the new error is not later than the last one; truncated to the first attempt and feedback`);
    }
    turns.push(storedTurn(improved.text, next.feedback));
    if (next.feedback.kind === 'correct') return { turns, outcome: 'improved', kept: true };
    current = { attempt: improved.text, feedback: next.feedback };
  }
  return dropped(turns, `still wrong after ${limits.maxEditRounds} improvement rounds`, 'incorrect');
}

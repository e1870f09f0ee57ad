// How a trajectory's outcome is shown. "improved" only where there was an answer to improve: an attempt before the
// last one had the task's answer format. A model's noise that the critic replaced with a right answer is
// "rewritten", not an improvement of the model's answer.
import { extractAnswer } from '../tasks';
import type { Outcome, Trajectory } from '../store';
import { GLOSSARY } from './glossary';

export type ShownOutcome = Outcome | 'rewritten';

/** Whether an attempt gives an answer in the task's format ("the answer is 21", "(B)", sorted words…), right or wrong. */
export function hasAnswerFormat(task: Trajectory['task'], attempt: string): boolean {
  return extractAnswer(task, attempt) !== null;
}

/** The outcome to show for a trajectory: its stored outcome, except an "improved" one whose earlier attempts were all noise. */
export function shownOutcome(t: Pick<Trajectory, 'task' | 'outcome' | 'turns'>): ShownOutcome {
  if (t.outcome !== 'improved') return t.outcome;
  const earlier = t.turns.slice(0, -1);
  return earlier.some((turn) => hasAnswerFormat(t.task, turn.attempt)) ? 'improved' : 'rewritten';
}

/** The badge's hover text: the glossary's words for the outcome. */
export function outcomeText(outcome: ShownOutcome): string {
  return GLOSSARY[outcome].text;
}

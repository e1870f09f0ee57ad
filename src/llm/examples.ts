// Few-shot examples built from the task suite itself (fixed seed): gold answers judged correct, and
// injected mistakes with the scripted critic's feedback and improvement, in the exact formats of DESIGN.md §4.

import {
  checkImprovement,
  generateProblem,
  injectError,
  mixSeed,
  mulberry32,
  scriptedFeedback,
  scriptedImprove,
  type Feedback,
  type Problem,
  type TaskId,
} from '../tasks';

export interface FewShot {
  problem: Problem;
  attempt: string;
  feedback: Feedback;
  /** The scripted improvement; absent when the feedback is `correct`. */
  improved?: string;
}

/** A seed of its own, so the examples never coincide with a run's training problems (seeds 0, 1, ...). */
export const FEW_SHOT_SEED = 90_210;

/** An injected mistake the script locates, with a legal scripted fix; undefined when this problem gives none. */
function mistakeExample(problem: Problem, seed: number): FewShot | undefined {
  const { attempt } = injectError(problem, mulberry32(seed));
  const feedback = scriptedFeedback(problem, attempt);
  if (feedback.kind !== 'error') return undefined;
  const improved = scriptedImprove(problem, attempt, feedback);
  return checkImprovement(attempt, feedback, improved).legal ? { problem, attempt, feedback, improved } : undefined;
}

/** `nErrors` mistake examples and one correct example, ordered error, correct, error, ... so position says nothing. */
export function fewShotExamples(task: TaskId, nErrors = 2, seed = FEW_SHOT_SEED): FewShot[] {
  const errors: FewShot[] = [];
  for (let i = 1; errors.length < nErrors && i < 50; i++) {
    const ex = mistakeExample(generateProblem(task, 'seen', seed, i), mixSeed(seed, i));
    // Mistakes at different steps where the first tries allow, so the model does not learn one position.
    const seen = errors.some((e) => e.feedback.kind === 'error' && ex?.feedback.kind === 'error' && e.feedback.step === ex.feedback.step);
    if (ex && (!seen || i > 25)) errors.push(ex);
  }
  const gold = generateProblem(task, 'seen', seed, 0);
  const correct: FewShot = { problem: gold, attempt: gold.rationale, feedback: { kind: 'correct' } };
  return [errors[0], correct, ...errors.slice(1)].filter((e): e is FewShot => e !== undefined);
}

// Few-shot chat prompts for FBK and IMP: the model sees trajectories in the training text's own format.

import { countSteps, infoOfPrompt, renderFeedback, renderTrajectory, type Feedback, type Problem, type TaskId } from '../tasks';
import type { ChatMessage } from './client';
import type { FewShot } from './examples';

const TASK_NAMES: Record<TaskId, string> = {
  msa: 'multi-step arithmetic',
  ws: 'word sorting',
  du: 'date understanding',
  ld: 'logical deduction',
};

const fbkSystem = (task: TaskId) =>
  [
    `You check step-by-step answers to ${TASK_NAMES[task]} problems and find the first incorrect step.`,
    'Reply with one line that starts with "Feedback: ", in exactly one of these forms:',
    'Feedback: Step (1) to step (N) are correct. The final response is also correct.',
    'Feedback: Step (1) to step (k-1) are correct. In step (k) the part "<exact text from step (k)>" is incorrect. This is because <reason>.',
    'When k is 2, start with "Step (1) is correct."; when k is 1, start with "In step (1)". An error in the last line is in step (Final response).',
    'Quote the incorrect part exactly as it is written in that step. Write nothing else.',
  ].join('\n');

const impSystem = (task: TaskId) =>
  [
    `You correct step-by-step answers to ${TASK_NAMES[task]} problems after feedback.`,
    'Reply with "Updated Answer:" and the full corrected answer: copy the steps before the incorrect step exactly,',
    'rewrite the incorrect step so the quoted part is gone, and continue with correct steps to the end.',
    'The last line must start with "(Final response) So the answer is". Write no feedback and nothing after the answer.',
  ].join('\n');

/** The question and the attempt, as the trajectory text writes them. */
const attemptText = (problem: Problem, attempt: string) => renderTrajectory({ prompt: problem.prompt, turns: [{ attempt }] });

const feedbackText = (feedback: Feedback, attempt: string) => `Feedback: ${renderFeedback(feedback, countSteps(attempt))}`;

const withFeedback = (problem: Problem, attempt: string, feedback: Feedback) =>
  `${attemptText(problem, attempt)}\n${feedbackText(feedback, attempt)}`;

/** What the IMP model should answer: the `Updated Answer:` turn of the trajectory text. */
const updateText = (problem: Problem, improved: string) => `Updated Answer:${infoOfPrompt(problem.prompt)}\n${improved}`;

export function feedbackMessages(task: TaskId, examples: readonly FewShot[], problem: Problem, attempt: string): ChatMessage[] {
  const shots = examples.flatMap((ex): ChatMessage[] => [
    { role: 'user', content: attemptText(ex.problem, ex.attempt) },
    { role: 'assistant', content: feedbackText(ex.feedback, ex.attempt) },
  ]);
  return [{ role: 'system', content: fbkSystem(task) }, ...shots, { role: 'user', content: attemptText(problem, attempt) }];
}

export function improveMessages(
  task: TaskId,
  examples: readonly FewShot[],
  problem: Problem,
  attempt: string,
  feedback: Feedback,
): ChatMessage[] {
  const shots = examples
    .filter((ex) => ex.improved !== undefined)
    .flatMap((ex): ChatMessage[] => [
      { role: 'user', content: withFeedback(ex.problem, ex.attempt, ex.feedback) },
      { role: 'assistant', content: updateText(ex.problem, ex.improved!) },
    ]);
  return [{ role: 'system', content: impSystem(task) }, ...shots, { role: 'user', content: withFeedback(problem, attempt, feedback) }];
}

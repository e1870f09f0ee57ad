// Trajectories for the UI tests: a realistic MSA trajectory (an error, its feedback, the fix) and
// variations, as JSONL lines the inspector imports.
import type { NewTrajectory } from '../../src/store';

const WRONG = `(1) This equation can be written as "(A * B)", where A = (-9 + -6 + 8 * 1) and B = (2 - 5).
(2) Let's calculate A = (-9 + -6 + 8 * 1) = (-9 + -6 + 8) = (-15 + 8) = -6.
(3) Let's calculate B = (2 - 5) = -3.
(4) Then, the final equation is (A * B) = (-6 * -3) = 18.
(Final response) So the answer is 18.`;

const RIGHT = `(1) This equation can be written as "(A * B)", where A = (-9 + -6 + 8 * 1) and B = (2 - 5).
(2) Let's calculate A = (-9 + -6 + 8 * 1) = (-9 + -6 + 8) = (-15 + 8) = -7.
(3) Let's calculate B = (2 - 5) = -3.
(4) Then, the final equation is (A * B) = (-7 * -3) = 21.
(Final response) So the answer is 21.`;

/** An MSA trajectory corrected in one round; `i` varies the question so searches can tell them apart. */
export function improvedTrajectory(i: number, changes: Partial<NewTrajectory> = {}): NewTrajectory {
  return {
    runId: 1,
    iteration: 1,
    task: 'msa',
    split: 'seen',
    problem: { id: `msa-${i}`, question: `((-9 + -6 + 8 * 1) * (2 - 5)) = [case ${i}]` },
    turns: [
      {
        attempt: WRONG,
        feedback:
          'Step (1) is correct. In step (2) the part " (-15 + 8) = -6 " is incorrect. This is because there is a calculation error, since (-15 + 8) is not equal to -6.',
        feedbackKind: 'error',
        errorStep: '(2)',
        segment: ' (-15 + 8) = -6 ',
      },
      { attempt: RIGHT, feedback: 'Step (1) to step (4) are correct. The final response is also correct.', feedbackKind: 'correct' },
    ],
    outcome: 'improved',
    critic: 'script',
    kept: true,
    ...changes,
  };
}

/** A word-sorting trajectory right at the first attempt. */
export function correctTrajectory(i: number, changes: Partial<NewTrajectory> = {}): NewTrajectory {
  return {
    runId: 1,
    iteration: 2,
    task: 'ws',
    split: 'unseen',
    problem: { id: `ws-${i}`, question: `Sort the following words alphabetically: List: pear apple fig${i}` },
    turns: [
      {
        attempt: `(1) The first letters: "p", "a", "f".\n(2) Sorted: apple fig${i} pear.\n(Final response) So the answer is apple fig${i} pear.`,
        feedback: 'Step (1) to step (2) are correct. The final response is also correct.',
        feedbackKind: 'correct',
      },
    ],
    outcome: 'correct',
    critic: 'gpt-4o-mini',
    kept: false,
    dropReason: 'rebalanced away',
    ...changes,
  };
}

export const toJsonl = (items: readonly object[]): string => items.map((t) => JSON.stringify(t)).join('\n') + '\n';

// Improvement legality (DESIGN.md §4, reference "Editing loop" 5): one check for every critic.

import type { Feedback, Legality } from './types';
import { FINAL, attemptLines, containsSegment, splitSteps } from './steps';

const illegal = (reason: string): Legality => ({ legal: false, reason });

/** Whether `improved` is a legal rewrite of `attempt` given `feedback`. */
export function checkImprovement(attempt: string, feedback: Feedback, improved: string): Legality {
  if (feedback.kind === 'correct') return illegal('the feedback says the attempt is already correct');
  if (/(^|\n)Q:|Feedback:|Updated Answer:|\nAnswer:/.test(improved)) {
    return illegal('the update contains trajectory markers (Q:, Answer:, Feedback:, Updated Answer:)');
  }
  const lines = attemptLines(improved);
  const last = lines[lines.length - 1] ?? '';
  if (!last.startsWith(`(${FINAL})`)) return illegal('the last line does not start with (Final response)');
  if (!last.includes('the answer is')) return illegal('the last line does not contain "the answer is"');
  if (improved.trim() === attempt.trim()) return illegal('the update is the same as the attempt');
  if (feedback.kind === 'format') return { legal: true };

  const old = splitSteps(attempt);
  const idx = old.findIndex((s) => s.label === feedback.step);
  if (idx < 0) return illegal(`the attempt has no step (${feedback.step})`);
  const oldLines = attemptLines(attempt);
  for (let i = 0; i < idx; i++) {
    if (lines[i] !== oldLines[i]) return illegal(`step (${old[i].label}) before the error step was changed`);
  }
  const changed = lines[idx];
  if (changed === undefined) return illegal('the update ends before the error step');
  if (changed === oldLines[idx]) return illegal(`the error step (${feedback.step}) is unchanged`);
  if (containsSegment(changed, feedback.segment)) {
    return illegal(`the error step still contains "${feedback.segment}"`);
  }
  return { legal: true };
}

// The scripted critic: FBK per task, and IMP = the attempt up to the error step, then the gold steps.

import type { Critic, Feedback, Problem } from './types';
import { attemptLines, containsSegment, splitSteps } from './steps';
import { msaFeedback } from './msa/critic';
import { wsFeedback } from './ws/critic';
import { duFeedback } from './du/critic';
import { ldFeedback } from './ld/critic';

function taskFeedback(problem: Problem, attempt: string): Feedback {
  switch (problem.task) {
    case 'msa':
      return msaFeedback(problem, attempt);
    case 'ws':
      return wsFeedback(problem, attempt);
    case 'du':
      return duFeedback(problem, attempt);
    case 'ld':
      return ldFeedback(problem, attempt);
  }
}

/**
 * Scripted feedback on any attempt text; never throws (an internal failure reads as a format error).
 * A quoted part that the correct step also contains is not wrong but incomplete (a cut line):
 * that is reported as a format error, so every located error can be fixed legally.
 */
export function scriptedFeedback(problem: Problem, attempt: string): Feedback {
  let fb: Feedback;
  try {
    fb = taskFeedback(problem, attempt);
  } catch {
    return { kind: 'format', reason: 'the answer could not be read' };
  }
  if (fb.kind !== 'error') return fb;
  const idx = splitSteps(attempt).findIndex((s) => s.label === fb.step);
  const gold = problem.rationale.split('\n')[idx];
  return gold !== undefined && containsSegment(gold, fb.segment) ? { kind: 'format', reason: fb.reason } : fb;
}

/**
 * Scripted improvement: steps before the error step copied verbatim, then the gold steps from
 * the error step on. The critics accept a step only where it fits the gold structure, so the
 * gold continuation always follows on from the copied steps.
 */
export function scriptedImprove(problem: Problem, attempt: string, feedback: Feedback): string {
  const gold = problem.rationale.split('\n');
  if (feedback.kind !== 'error') return problem.rationale;
  const idx = splitSteps(attempt).findIndex((s) => s.label === feedback.step);
  if (idx < 0) return problem.rationale;
  return [...attemptLines(attempt).slice(0, idx), ...gold.slice(idx)].join('\n');
}

export function createScriptedCritic(): Critic {
  return {
    name: 'script',
    feedback: async (problem, attempt, signal) => {
      signal?.throwIfAborted();
      return scriptedFeedback(problem, attempt);
    },
    improve: async (problem, attempt, feedback, signal) => {
      signal?.throwIfAborted();
      return scriptedImprove(problem, attempt, feedback);
    },
  };
}

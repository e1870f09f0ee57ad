// Answer extraction and exact-match checking, per task.

import type { Problem, TaskId } from './types';

const PATTERNS: Record<TaskId, RegExp> = {
  msa: /the answer is:? (-?\d+)/,
  ws: /the answer is:? ([a-z]+(?: [a-z]+)*)/,
  du: /the answer is:? (\([A-F]\))/,
  ld: /the answer is:? (\([A-G]\))/,
};

/** The normalised answer of an attempt (its last line saying "the answer is"), or null. */
export function extractAnswer(task: TaskId, text: string): string | null {
  const lines = text.split('\n').filter((l) => l.includes('the answer is'));
  const last = lines[lines.length - 1];
  if (last === undefined) return null;
  const m = PATTERNS[task].exec(last);
  return m ? m[1] : null;
}

export function isCorrectAnswer(problem: Problem, text: string): boolean {
  return extractAnswer(problem.task, text) === problem.answer;
}

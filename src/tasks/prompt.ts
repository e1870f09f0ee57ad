// The fixed per-task answer preamble `{info}` and the prompt `Q: {question}\nAnswer:{info}`.

import type { TaskId } from './types';

const THINK = " Let's think step by step.";

/** Shortened from the reference code's reminders: the structure stays, the length suits char-level models. */
export const TASK_INFO: Record<TaskId, string> = {
  msa: `${THINK} Brackets first, * before + -.`,
  ws: THINK,
  du: THINK,
  ld: `${THINK} "??" is 0 or more objects, "?" exactly 1, first to last.`,
};

export function makePrompt(task: TaskId, question: string): string {
  return `Q: ${question}\nAnswer:${TASK_INFO[task]}`;
}

/** The `{info}` part of a prompt: what follows its `Answer:`. */
export function infoOfPrompt(prompt: string): string {
  const i = prompt.lastIndexOf('\nAnswer:');
  return i < 0 ? '' : prompt.slice(i + '\nAnswer:'.length);
}

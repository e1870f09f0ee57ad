// The training text of a trajectory and its per-token loss weights (DESIGN.md §5): w from the first
// `Feedback:` to the end, 1 before. Tokens are characters, as the playground's models read them.
import { TASK_INFO } from '../../tasks';
import type { JsonObject, Trajectory } from '../../store';

/** TriPosT's default weight on feedback and improvement tokens. */
export const DEFAULT_W = 1.5;

/** `w` from a run's configuration, or the default. */
export function weightOf(config: JsonObject | undefined): number {
  const w = config?.w;
  return typeof w === 'number' && Number.isFinite(w) && w > 0 ? w : DEFAULT_W;
}

const stripLabel = (feedback: string) => feedback.replace(/^Feedback:\s*/, '');

/** `Q: … / Answer: … / Feedback: … / Updated Answer: …` as the model is trained on it. */
export function trainingText(t: Pick<Trajectory, 'task' | 'problem' | 'turns'>): string {
  const info = TASK_INFO[t.task] ?? '';
  let text = `Q: ${t.problem.question}\nAnswer:`;
  t.turns.forEach((turn, i) => {
    if (i > 0) text += '\nUpdated Answer:';
    // An attempt that starts at step (1) gets the task's preamble; one that carries its own keeps it.
    text += turn.attempt.startsWith('(') ? `${info}\n${turn.attempt}` : ` ${turn.attempt}`;
    if (turn.feedback) text += `\nFeedback: ${stripLabel(turn.feedback)}`;
  });
  return text;
}

export interface WeightedSpan {
  text: string;
  weight: number;
}

/** The text in runs of equal weight: [before the first `Feedback:` at 1, the rest at w]. */
export function weightSpans(text: string, w: number): WeightedSpan[] {
  const from = text.indexOf('Feedback:');
  if (from < 0) return [{ text, weight: 1 }];
  return [
    { text: text.slice(0, from), weight: 1 },
    { text: text.slice(from), weight: w },
  ].filter((s) => s.text.length > 0);
}

// Trajectory text: `Q: / Answer: / Feedback: / Updated Answer:` (DESIGN.md §4); render and parse back.

import type { Trajectory } from './types';
import { parseFeedback, renderFeedback } from './feedback';
import { countSteps } from './steps';
import { infoOfPrompt } from './prompt';

export const FEEDBACK_MARK = '\nFeedback: ';
export const UPDATE_MARK = '\nUpdated Answer:';

// Prompts end where every tokenizer cuts the whole trajectory text too (after the newline, before the feedback's
// space), so a prompt's tokens are those training saw: Llama-3 and Qwen3 merge ".\n" into one token, and a
// trailing space would be a token of its own.
/** What a model continues to write its attempt. */
export const attemptPrompt = (prompt: string): string => `${prompt}\n`;
/** What a model continues to write its feedback on an attempt. */
export const feedbackPrompt = (prompt: string, attempt: string): string => `${prompt}\n${attempt}${FEEDBACK_MARK.trimEnd()}`;

/** Renders a trajectory; a turn without feedback must be the last one. */
export function renderTrajectory(t: Trajectory): string {
  const info = infoOfPrompt(t.prompt);
  let out = t.prompt;
  t.turns.forEach((turn, i) => {
    if (i > 0) out += `${UPDATE_MARK}${info}`;
    out += `\n${turn.attempt}`;
    if (turn.feedback) out += `${FEEDBACK_MARK}${renderFeedback(turn.feedback, countSteps(turn.attempt))}`;
  });
  return out;
}

export interface RawTrajectory {
  prompt: string;
  turns: { attempt: string; feedback?: string }[];
}

/** Splits trajectory text (e.g. a model's output) into prompt, attempts and feedback texts. Never throws. */
export function splitTrajectory(text: string): RawTrajectory | null {
  const a = text.indexOf('\nAnswer:');
  if (!text.startsWith('Q: ') || a < 0) return null;
  const nl = text.indexOf('\n', a + 1);
  const prompt = nl < 0 ? text : text.slice(0, nl);
  const info = infoOfPrompt(prompt);
  const turns: RawTrajectory['turns'] = [];
  let rest = nl < 0 ? null : text.slice(nl + 1);
  while (rest !== null) {
    const f = rest.indexOf(FEEDBACK_MARK);
    if (f < 0) {
      turns.push({ attempt: rest });
      break;
    }
    const attempt = rest.slice(0, f);
    const afterFeedback = rest.slice(f + FEEDBACK_MARK.length);
    const u = afterFeedback.indexOf(UPDATE_MARK);
    turns.push({ attempt, feedback: u < 0 ? afterFeedback : afterFeedback.slice(0, u) });
    if (u < 0) break;
    let next = afterFeedback.slice(u + UPDATE_MARK.length);
    if (next.startsWith(info)) next = next.slice(info.length);
    rest = next.startsWith('\n') ? next.slice(1) : next;
  }
  return { prompt, turns };
}

/** Parses trajectory text; null when it has no prompt or a feedback text is not one of the wordings. */
export function parseTrajectory(text: string): Trajectory | null {
  const raw = splitTrajectory(text);
  if (!raw) return null;
  const turns: Trajectory['turns'] = [];
  for (const t of raw.turns) {
    if (t.feedback === undefined) {
      turns.push({ attempt: t.attempt });
      continue;
    }
    const feedback = parseFeedback(t.feedback);
    if (!feedback) return null;
    turns.push({ attempt: t.attempt, feedback });
  }
  return { prompt: raw.prompt, turns };
}

// Reading LLM output back into the task suite's structures: FBK into Feedback, IMP into attempt text.

import { parseFeedback, splitSteps, type Feedback } from '../tasks';

export type ParsedFeedback = { ok: true; feedback: Feedback } | { ok: false; reason: string };

/** Drops a Markdown code fence the model may wrap its answer in. */
function unfence(raw: string): string {
  const m = /```[a-z]*\n([\s\S]*?)```/i.exec(raw);
  return (m ? m[1] : raw).trim();
}

/** The feedback line: the first line starting with `Feedback:`, else the first non-empty line. */
function feedbackLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim().replace(/^\*\*(Feedback:)\*\*/, '$1'));
  return lines.find((l) => l.startsWith('Feedback:')) ?? lines.find((l) => l !== '') ?? '';
}

/**
 * FBK output as Feedback, checked against the attempt: an error must name a step the attempt has
 * and quote a part of that step, or the later legality check has nothing to hold on to.
 */
export function parseLlmFeedback(raw: string, attempt: string): ParsedFeedback {
  const line = feedbackLine(unfence(raw));
  const fb = parseFeedback(line);
  if (!fb) return { ok: false, reason: 'the feedback is in none of the expected wordings' };
  if (fb.kind !== 'error') return { ok: true, feedback: fb };
  const steps = splitSteps(attempt);
  const idx = steps.findIndex((s) => s.label === fb.step);
  if (idx < 0) return { ok: false, reason: `the feedback names step (${fb.step}), which the answer does not have` };
  if (!steps[idx].line.includes(fb.segment)) {
    return { ok: false, reason: `the feedback quotes "${fb.segment}", which is not in step (${fb.step})` };
  }
  // Models miscount the "Step (1) to step (k-1)" prefix; the attempt says which step comes before.
  return { ok: true, feedback: { ...fb, prevStep: idx > 0 ? steps[idx - 1].label : null } };
}

/** IMP output as attempt text: without the `Updated Answer:` header, the preamble line, or a trailing `Feedback:`. */
export function parseLlmImprovement(raw: string): string {
  let text = unfence(raw).replace(/^Updated Answer:/, '');
  const cut = text.search(/\n\s*Feedback:/);
  if (cut >= 0) text = text.slice(0, cut);
  const lines = text.split('\n');
  while (lines.length > 0 && !/^\s*\(/.test(lines[0])) lines.shift();
  return lines.join('\n').trim();
}

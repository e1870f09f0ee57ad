// Feedback sentences of DESIGN.md §4: one wording per kind, rendered and parsed back.

import type { Feedback } from './types';
import type { Step } from './steps';

/** Error feedback on `steps[index]`, with the label of the step before it for the "correct" prefix. */
export function errorAt(steps: readonly Step[], index: number, segment: string, reason: string): Feedback {
  return {
    kind: 'error',
    step: steps[index].label,
    prevStep: index > 0 ? steps[index - 1].label : null,
    segment,
    reason,
  };
}

function correctPrefix(last: string | null): string {
  if (last === null) return '';
  if (last === '1') return 'Step (1) is correct. ';
  return `Step (1) to step (${last}) are correct. `;
}

/** The text after `Feedback: `. `nSteps` is the attempt's last top-level step number (see countSteps). */
export function renderFeedback(fb: Feedback, nSteps: number): string {
  switch (fb.kind) {
    case 'correct':
      if (nSteps <= 0) return 'The final response is correct.';
      return `${correctPrefix(String(nSteps))}The final response is also correct.`;
    case 'error':
      return `${correctPrefix(fb.prevStep)}In step (${fb.step}) the part "${fb.segment}" is incorrect. This is because ${fb.reason}.`;
    case 'format':
      return `The answer is not in the step format. This is because ${fb.reason}.`;
  }
}

const CORRECT = /^(?:Step \(1\) (?:is correct|to step \(\d+\) are correct)\. The final response is also correct|The final response is correct)\.$/;
const ERROR = /^(?:Step \(1\) is correct\. |Step \(1\) to step \(([^()]+)\) are correct\. )?In step \(([^()]+)\) the part "(.*?)" is incorrect\. This is because (.*)$/s;
const FORMAT = /^The answer is not in the step format\. This is because (.*)$/s;

const stripPeriod = (s: string) => (s.endsWith('.') ? s.slice(0, -1) : s);

/** Parses a feedback text (with or without a leading `Feedback: `); null when it is none of the wordings. */
export function parseFeedback(text: string): Feedback | null {
  const t = text.trim().replace(/^Feedback:\s*/, '');
  if (CORRECT.test(t)) return { kind: 'correct' };
  const e = ERROR.exec(t);
  if (e) {
    const prevStep = e[1] ?? (t.startsWith('Step (1) is correct.') ? '1' : null);
    return { kind: 'error', step: e[2], prevStep, segment: e[3], reason: stripPeriod(e[4]) };
  }
  const f = FORMAT.exec(t);
  if (f) return { kind: 'format', reason: stripPeriod(f[1]) };
  return null;
}

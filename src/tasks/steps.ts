// Splitting an attempt into labelled steps, and the structural checks every task shares.

export const FINAL = 'Final response';

export interface Step {
  /** `'1'`, `'3.2'` or `'Final response'`. */
  label: string;
  /** Text after `(label) `. */
  body: string;
  /** The whole line. */
  line: string;
}

export type ParsedAttempt = { ok: true; steps: Step[] } | { ok: false; reason: string };

const STEP_LINE = /^\((\d+(?:\.\d+)*|Final response)\) (.*)$/;

/** Lines of an attempt, without blank lines and without a leading `Let's think step by step...` line. */
export function attemptLines(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length > 0 && lines[0].trimStart().startsWith("Let's think step by step")) lines.shift();
  return lines;
}

/** Labelled lines; an unlabelled line gets label null. Never throws. */
export function splitSteps(text: string): { label: string | null; body: string; line: string }[] {
  return attemptLines(text).map((line) => {
    const m = STEP_LINE.exec(line);
    return m ? { label: m[1], body: m[2], line } : { label: null, body: line, line };
  });
}

function nextLabelOk(prev: string | null, next: string, subSteps: boolean): boolean {
  const b = next.split('.').map(Number);
  if (prev === null) return next === '1';
  const a = prev.split('.').map(Number);
  if (!subSteps) return b.length === 1 && b[0] === a[0] + 1;
  if (b.length === a.length + 1 && b[b.length - 1] === 1) return a.every((x, i) => x === b[i]);
  if (b.length > a.length) return false;
  return b.every((x, i) => (i < b.length - 1 ? x === a[i] : x === a[i] + 1));
}

/**
 * The shared format rules: numbered steps in order (pre-order numbering when sub-steps are
 * allowed), every step ending with a period, one final response as the last line.
 */
export function parseAttempt(text: string, subSteps: boolean): ParsedAttempt {
  const raw = splitSteps(text);
  if (raw.length === 0) return { ok: false, reason: 'the answer is empty' };
  const steps: Step[] = [];
  let prev: string | null = null;
  for (const s of raw) {
    if (s.label === null) return { ok: false, reason: 'a line does not start with a step number' };
    if (steps.length > 0 && steps[steps.length - 1].label === FINAL) {
      return { ok: false, reason: 'there is text after the final response' };
    }
    if (s.label !== FINAL && !nextLabelOk(prev, s.label, subSteps)) {
      return { ok: false, reason: 'the steps are not numbered in order' };
    }
    if (!s.body.endsWith('.')) {
      return { ok: false, reason: `step (${s.label}) is incomplete` };
    }
    steps.push({ label: s.label, body: s.body, line: s.line });
    if (s.label !== FINAL) prev = s.label;
  }
  if (steps[steps.length - 1].label !== FINAL) return { ok: false, reason: 'the final response is missing' };
  if (steps.length === 1) return { ok: false, reason: 'there are no steps before the final response' };
  return { ok: true, steps };
}

/** N of the correct feedback: the number of the last top-level step (sub-steps do not count). */
export function countSteps(text: string): number {
  let n = 0;
  for (const s of splitSteps(text)) if (s.label !== null && /^\d+$/.test(s.label)) n = Number(s.label);
  return n;
}

/** Orders step labels as they occur: `2 < 3 < 3.1 < 3.2 < 4 < Final response`. */
export function compareSteps(a: string, b: string): number {
  if (a === b) return 0;
  if (a === FINAL) return 1;
  if (b === FINAL) return -1;
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);

/** Whether `segment` occurs in `text` as a whole: `= -6` does not occur in `= -60`. */
export function containsSegment(text: string, segment: string): boolean {
  if (segment === '') return false;
  for (let i = text.indexOf(segment); i >= 0; i = text.indexOf(segment, i + 1)) {
    const startOk = !isWordChar(segment[0]) || !isWordChar(text[i - 1]);
    const endOk = !isWordChar(segment[segment.length - 1]) || !isWordChar(text[i + segment.length]);
    if (startOk && endOk) return true;
  }
  return false;
}

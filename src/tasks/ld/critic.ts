// LD scripted feedback: each clue's pattern, the combined order against every clue, the chosen option.

import type { Feedback, LdProblem } from '../types';
import { FINAL, parseAttempt } from '../steps';
import { errorAt } from '../feedback';
import { LETTERS, holds, pattern } from './problem';

type Flaw = { segment: string; reason: string } | null;

function checkClue(p: LdProblem, i: number, body: string): Flaw {
  const clue = p.data.clues[i];
  const said = clue.text.slice(0, -1);
  const m = /^(.*): "(.*)"\.$/.exec(body);
  if (!m) return { segment: body, reason: `step (${i + 1}) should write "${said}" as a pattern` };
  if (m[1] !== said) return { segment: m[1], reason: `clue ${i + 1} of the question is "${said}"` };
  const want = pattern(clue, p.data.objects.length);
  if (m[2].replace(/\s+/g, ' ').trim() !== want) return { segment: `"${m[2]}"`, reason: `"${said}" means "${want}"` };
  return null;
}

function checkCombined(p: LdProblem, body: string): Flaw {
  const k = p.data.clues.length;
  const m = /^All together: "(.*)"\.$/.exec(body);
  if (!m) return { segment: body, reason: `step (${k + 1}) should combine steps (1) to (${k}) into one order` };
  const got = m[1].split(' ');
  const quoted = `"${m[1]}"`;
  const unknown = got.find((x) => !p.data.objects.includes(x));
  if (unknown !== undefined) return { segment: quoted, reason: `"${unknown}" is not one of the objects` };
  const twice = got.find((x, i) => got.indexOf(x) !== i);
  if (twice !== undefined) return { segment: quoted, reason: `"${twice}" appears twice` };
  const missing = p.data.objects.find((x) => !got.includes(x));
  if (missing !== undefined) return { segment: quoted, reason: `"${missing}" is missing` };
  const broken = p.data.clues.findIndex((c) => !holds(c, got));
  if (broken >= 0) return { segment: quoted, reason: `it breaks step (${broken + 1}): ${p.data.clues[broken].text.slice(0, -1)}` };
  return null;
}

function checkFinal(p: LdProblem, body: string): Flaw {
  const k = p.data.clues.length + 1;
  const want = p.data.answerIndex;
  const m = /^(.*)\. So the answer is \(([A-G])\)\.$/.exec(body);
  if (!m) return { segment: body, reason: 'the final response should state the true option and say "So the answer is" with its letter' };
  if (m[1] !== p.data.options[want]) return { segment: m[1], reason: `by step (${k}), ${p.data.options[want]}` };
  if (m[2] !== LETTERS[want]) return { segment: `the answer is (${m[2]})`, reason: `"${m[1]}" is option (${LETTERS[want]})` };
  return null;
}

/** Feedback on an LD attempt; never throws. */
export function ldFeedback(p: LdProblem, attempt: string): Feedback {
  const parsed = parseAttempt(attempt, false);
  if (!parsed.ok) return { kind: 'format', reason: parsed.reason };
  const steps = parsed.steps;
  const k = p.data.clues.length;
  for (let i = 0; i < steps.length; i++) {
    const { label, body } = steps[i];
    if (label !== FINAL && i > k) return errorAt(steps, i, body, `the order is already found in step (${k + 1})`);
    if (label === FINAL && i <= k) {
      const next = i < k ? `writing clue ${i + 1} as a pattern` : 'combining the clues into one order';
      return errorAt(steps, i, body, `step (${i + 1}) should come first, ${next}`);
    }
    const flaw = label === FINAL ? checkFinal(p, body) : i < k ? checkClue(p, i, body) : checkCombined(p, body);
    if (flaw) return errorAt(steps, i, flaw.segment, flaw.reason);
    if (label === FINAL) return { kind: 'correct' };
  }
  return { kind: 'format', reason: 'the final response is missing' };
}

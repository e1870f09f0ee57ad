// DU scripted feedback: today from the anchor, each event from the one before, the chosen option.

import type { DuProblem, Feedback } from '../types';
import { FINAL, parseAttempt } from '../steps';
import { errorAt } from '../feedback';
import { mdy } from './dates';
import { LETTERS, anchorStep, duDates, eventStep, fromText } from './problem';

type Flaw = { segment: string; reason: string } | null;

const DATED = /^(.*) (\d\d\/\d\d\/\d{4})\.$/;

/** What step `i` (0-based) must give, and what the question says about it (for the reasons). */
function stepRole(p: DuProblem, i: number): { what: string; fact: string } {
  const a = p.data.anchor;
  if (i === 0) {
    const said = a.kind === 'today' ? `today is ${a.text}` : a.kind === 'yesterday' ? `yesterday was ${a.text}` : `tomorrow is ${a.text}`;
    return { what: "today's date", fact: `the question says ${said}` };
  }
  const e = p.data.events[i - 1];
  if (i === p.data.events.length) {
    return { what: `the date ${e.phrase} ${fromText(e)}`, fact: `the question asks for the date ${e.phrase} ${fromText(e)}` };
  }
  return { what: `the date of the ${e.name}`, fact: `the question says the ${e.name} is ${e.phrase} ${fromText(e)}` };
}

/** Why the date of step `i` is `want`: one day from the anchor, or the offset from the earlier date. */
function dateReason(p: DuProblem, i: number, dates: number[], want: string): string {
  const a = p.data.anchor;
  if (i === 0 && a.kind === 'today') return stepRole(p, 0).fact;
  if (i === 0) return `one day ${a.kind === 'yesterday' ? 'after' : 'before'} ${a.date} is ${want}`;
  const e = p.data.events[i - 1];
  const from = e.from === 'today' ? 0 : p.data.events.findIndex((x) => x.name === e.from) + 1;
  return `${e.phrase} ${mdy(dates[from])} is ${want}`;
}

function checkStep(p: DuProblem, i: number, body: string, dates: number[]): Flaw {
  const role = stepRole(p, i);
  const gold = i === 0 ? anchorStep(p.data, dates[0]) : eventStep(p.data.events[i - 1], dates[i], i === p.data.events.length);
  const m = DATED.exec(body);
  const g = DATED.exec(gold)!;
  if (!m) return { segment: body, reason: `step (${i + 1}) should give ${role.what} as MM/DD/YYYY` };
  if (m[1].replace(/\s+/g, ' ') !== g[1]) return { segment: m[1], reason: role.fact };
  if (m[2] === g[2]) return null;
  // Two words before the date ("today is", "it is") keep the quote from matching the anchor date.
  const segment = `${m[1].split(' ').slice(-2).join(' ')} ${m[2]}`;
  return { segment, reason: dateReason(p, i, dates, g[2]) };
}

/** Feedback on a DU attempt; never throws. */
export function duFeedback(p: DuProblem, attempt: string): Feedback {
  const parsed = parseAttempt(attempt, false);
  if (!parsed.ok) return { kind: 'format', reason: parsed.reason };
  const steps = parsed.steps;
  const dates = duDates(p.data);
  const nSteps = p.data.events.length + 1;
  for (let i = 0; i < steps.length; i++) {
    const { label, body } = steps[i];
    if (label !== FINAL && i >= nSteps) {
      return errorAt(steps, i, body, `the asked date is already found in step (${nSteps})`);
    }
    if (label === FINAL && i < nSteps) {
      return errorAt(steps, i, body, `step (${i + 1}) should come first, giving ${stepRole(p, i).what}`);
    }
    if (label !== FINAL) {
      const flaw = checkStep(p, i, body, dates);
      if (flaw) return errorAt(steps, i, flaw.segment, flaw.reason);
      continue;
    }
    const m = /^So the answer is \(([A-G])\)\.$/.exec(body);
    if (!m) return errorAt(steps, i, body, 'the final response should be "So the answer is" and an option');
    const want = LETTERS[p.data.answerIndex];
    if (m[1] === want) return { kind: 'correct' };
    const k = LETTERS.indexOf(m[1]);
    const says = k < p.data.options.length ? `(${m[1]}) is ${p.data.options[k]}` : `there is no option (${m[1]})`;
    return errorAt(steps, i, `the answer is (${m[1]})`, `${says}, but step (${nSteps}) gives ${mdy(dates[nSteps - 1])}`);
  }
  return { kind: 'format', reason: 'the final response is missing' };
}

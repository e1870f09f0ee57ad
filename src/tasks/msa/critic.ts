// MSA scripted feedback: partition, each `=` chain link, the final equation, the final response.

import type { Feedback, MsaProblem } from '../types';
import { FINAL, type Step, parseAttempt } from '../steps';
import { errorAt } from '../feedback';
import { evalExpr, evalLeftToRight, parseExpr, sameText } from './expr';
import { VARS, substitute } from './problem';

type Flaw = { segment: string; reason: string } | null;

/** Checks `e0 = e1 = ... = v` link by link; `from` is the first link to check. */
function checkChain(chain: string, name: string, from: number): Flaw {
  const pieces = chain.split(/(\s*=\s*)/);
  const parts = pieces.filter((_, i) => i % 2 === 0);
  const link = (j: number) => parts[j] + pieces[2 * j + 1] + parts[j + 1];
  for (let j = from; j + 1 < parts.length; j++) {
    const a = parseExpr(parts[j]);
    const b = parseExpr(parts[j + 1]);
    if (a === null) return { segment: parts[j], reason: `${parts[j]} is not a valid expression` };
    if (b === null) return { segment: link(j), reason: `${parts[j + 1]} is not a valid expression` };
    if (evalExpr(a) !== evalExpr(b)) {
      const why = evalLeftToRight(a) === evalExpr(b) ? '* must be done before + and -' : 'there is a calculation error';
      return { segment: link(j), reason: `${why}, since ${parts[j]} is not equal to ${parts[j + 1]}` };
    }
  }
  const last = parts[parts.length - 1];
  if (!/^-?\d+$/.test(last.trim())) return { segment: `${last}.`, reason: `the calculation of ${name} is not finished` };
  return null;
}

function checkPartition(p: MsaProblem, body: string): Flaw {
  const m = /^This equation is "(.*)" with (.*)\.$/.exec(body);
  const groups = p.data.groups;
  const vars = VARS.slice(0, groups.length).split('').join(', ');
  if (!m) return { segment: body, reason: `step (1) should write the equation as "${p.data.template}" with ${vars}` };
  const assigned = new Map<string, string>();
  for (const part of m[2].split(/, | and /)) {
    const a = /^([A-Z]) = (.*)$/.exec(part.trim());
    if (!a) return { segment: part, reason: `it should have the form "X = (...)"` };
    if (assigned.has(a[1])) return { segment: part, reason: `${a[1]} is defined twice` };
    assigned.set(a[1], a[2]);
  }
  const back = substitute(m[1], groups.map((_, i) => assigned.get(VARS[i]) ?? VARS[i]));
  if (sameText(back, p.question.replace(/ =$/, '')) && assigned.size === groups.length) return null;
  if (!sameText(m[1], p.data.template)) {
    return { segment: `is "${m[1]}"`, reason: `substituting back does not give the original equation, which has the form "${p.data.template}"` };
  }
  for (let i = 0; i < groups.length; i++) {
    const got = assigned.get(VARS[i]);
    if (got === undefined) return { segment: body, reason: `${VARS[i]} is not defined` };
    if (!sameText(got, groups[i])) {
      return { segment: `${VARS[i]} = ${got}`, reason: `substituting back does not give the original equation, where ${VARS[i]} = ${groups[i]}` };
    }
  }
  const extra = [...assigned.keys()].find((v) => !VARS.slice(0, groups.length).includes(v)) ?? '';
  return { segment: `${extra} = ${assigned.get(extra)}`, reason: `the equation has no ${extra}` };
}

function resultsText(values: number[]): string {
  const parts = values.map((v, i) => `${VARS[i]} = ${v}`);
  const list = `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `by steps (2) to (${values.length + 1}), ${list}`;
}

function checkFinalEquation(p: MsaProblem, body: string, values: number[]): Flaw {
  const m = /^Finally, (.*)\.$/.exec(body);
  const subst = substitute(p.data.template, values.map(String));
  if (!m) return { segment: body, reason: `the final equation ${p.data.template} = ${subst} should come next` };
  const parts = m[1].split(/\s*=\s*/);
  if (!sameText(parts[0], p.data.template)) {
    return { segment: `Finally, ${parts[0]}`, reason: `the equation from step (1) is ${p.data.template}` };
  }
  if (parts.length < 2 || !sameText(parts[1], subst)) {
    const pieces = m[1].split(/(\s*=\s*)/);
    const seg = pieces.length < 3 ? body : pieces.slice(0, 3).join('');
    return { segment: seg, reason: `${resultsText(values)}, so ${p.data.template} = ${subst}` };
  }
  return checkChain(m[1], 'the final equation', 1);
}

/** Feedback on an MSA attempt; never throws. */
export function msaFeedback(p: MsaProblem, attempt: string): Feedback {
  const parsed = parseAttempt(attempt, false);
  if (!parsed.ok) return { kind: 'format', reason: parsed.reason };
  const steps: Step[] = parsed.steps;
  const nG = p.data.groups.length;
  const values: number[] = [];
  for (let i = 0; i < steps.length; i++) {
    const { label, body } = steps[i];
    const at = (f: NonNullable<Flaw>) => errorAt(steps, i, f.segment, f.reason);
    if (label === FINAL) {
      if (i < nG + 2) {
        const missing = i === 0 ? 'the equation has not been split into parts' : i <= nG ? `${VARS[i - 1]} has not been calculated yet` : 'the final equation has not been calculated yet';
        return at({ segment: body, reason: missing });
      }
      const result = values[values.length - 1];
      const m = /^So the answer is (-?\d+)\.$/.exec(body);
      if (!m) return at({ segment: body, reason: `the final response should be "So the answer is ${result}"` });
      if (Number(m[1]) !== result) return at({ segment: `the answer is ${m[1]}`, reason: `step (${nG + 2}) gives ${result}` });
      return { kind: 'correct' };
    }
    if (i === 0) {
      const f = checkPartition(p, body);
      if (f) return at(f);
    } else if (i <= nG) {
      const v = VARS[i - 1];
      const m = /^Let's calculate ([A-Z]) = (.*)\.$/.exec(body);
      if (!m) return at({ segment: body, reason: `step (${label}) should calculate ${v}` });
      if (m[1] !== v) return at({ segment: `Let's calculate ${m[1]}`, reason: `the parts are calculated in order, so step (${label}) should calculate ${v}` });
      const first = m[2].split(/\s*=\s*/)[0];
      if (!sameText(first, p.data.groups[i - 1])) {
        return at({ segment: `${v} = ${first}`, reason: `step (1) says ${v} = ${p.data.groups[i - 1]}` });
      }
      const f = checkChain(m[2], v, 0);
      if (f) return at(f);
      values.push(Number(m[2].split(/\s*=\s*/).pop()));
    } else if (i === nG + 1) {
      const f = checkFinalEquation(p, body, values);
      if (f) return at(f);
      values.push(Number(body.slice(0, -1).split(/\s*=\s*/).pop()));
    } else {
      return at({ segment: body, reason: `the calculation is finished in step (${nG + 2})` });
    }
  }
  return { kind: 'format', reason: 'the final response is missing' };
}

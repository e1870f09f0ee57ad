// MSA problems: generation and gold steps (optionally with one injected mistake, for SI demos and tests).

import type { MsaProblem, Split } from '../types';
import { type Rng, pick, randInt } from '../rng';
import { makePrompt } from '../prompt';
import { FINAL } from '../steps';
import { type Expr, type Group, type Op, evalExpr, parseExpr, printExpr, reductionChain } from './expr';

const OPS: Op[] = ['+', '-', '*'];
export const VARS = 'ABCDEFGH';

function randomGroup(rng: Rng, size: number): Group {
  const items: Expr[] = [];
  const ops: Op[] = [];
  for (let i = 0; i < size; i++) {
    items.push(randInt(rng, -9, 9));
    if (i > 0) ops.push(pick(rng, OPS));
  }
  return { items, ops };
}

/** `(A op B)` for two groups, `((A op B) op C)` for three. */
function randomTemplate(rng: Rng, nGroups: number): string {
  let t = `A ${pick(rng, OPS)} B`;
  for (let i = 2; i < nGroups; i++) t = `(${t}) ${pick(rng, OPS)} ${VARS[i]}`;
  return `(${t})`;
}

/** Replaces the variables of `template` by the given texts. */
export function substitute(template: string, values: readonly string[]): string {
  return template.replace(/[A-H]/g, (v) => values[VARS.indexOf(v)] ?? v);
}

/** Where one mistake goes: calculation step `step` (1 = A, ..., groups+1 = final equation), reduction `link`. */
export interface MsaMistake {
  groups?: string[];
  step?: number;
  link?: number;
  delta?: number;
  answerDelta?: number;
}

const chainText = (chain: Expr[]) => chain.map(printExpr).join(' = ');

function assignments(groups: readonly string[]): string {
  const parts = groups.map((g, i) => `${VARS[i]} = ${g}`);
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The step lines; with `mistake`, one wrong number and everything after it consistent with it. */
export function msaSteps(data: MsaProblem['data'], mistake: MsaMistake = {}): string[] {
  const groups = mistake.groups ?? data.groups;
  const lines = [`(1) This equation is "${data.template}" with ${assignments(groups)}.`];
  const values: number[] = [];
  groups.forEach((g, i) => {
    const corrupt = mistake.step === i + 1;
    const chain = reductionChain(parseExpr(g) as Expr, corrupt ? mistake.link : -1, mistake.delta);
    values.push(chain[chain.length - 1] as number);
    lines.push(`(${i + 2}) Let's calculate ${VARS[i]} = ${chainText(chain)}.`);
  });
  const subst = parseExpr(substitute(data.template, values.map(String))) as Expr;
  const corrupt = mistake.step === groups.length + 1;
  const chain = reductionChain(subst, corrupt ? mistake.link : -1, mistake.delta);
  const result = chain[chain.length - 1] as number;
  lines.push(`(${groups.length + 2}) Finally, ${data.template} = ${chainText(chain)}.`);
  lines.push(`(${FINAL}) So the answer is ${result + (mistake.answerDelta ?? 0)}.`);
  return lines;
}

export function generateMsa(rng: Rng, split: Split, id: string): MsaProblem {
  const wide = split === 'unseen' && rng() < 0.5;
  const nGroups = split === 'seen' || wide ? 2 : 3;
  const groups = Array.from({ length: nGroups }, () =>
    printExpr(randomGroup(rng, wide ? randInt(rng, 5, 6) : randInt(rng, 3, 4))),
  );
  const template = randomTemplate(rng, nGroups);
  const data = { groups, template };
  const question = `${substitute(template, groups)} =`;
  const steps = msaSteps(data);
  const answer = String(evalExpr(parseExpr(substitute(template, groups)) as Expr));
  return { id, task: 'msa', split, question, prompt: makePrompt('msa', question), rationale: steps.join('\n'), answer, data };
}

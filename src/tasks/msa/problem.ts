// MSA problems: generation and gold steps (optionally with one injected mistake, for SI demos and tests).

import type { MsaProblem, Split } from '../types';
import type { Level } from '../level';
import { type Rng, pick, randInt } from '../rng';
import { makePrompt } from '../prompt';
import { FINAL } from '../steps';
import { type Expr, type Group, type Op, evalExpr, parseExpr, printExpr, reductionChain } from './expr';

export const VARS = 'ABCDEFGH';

/** A level's problems: which numbers and operators, and (per split) how many groups of how many numbers. */
export interface MsaShape {
  min: number;
  max: number;
  ops: Op[];
  /** Each entry equally likely: `groups` bracketed groups of `size` numbers (a [lo, hi] range). */
  seen: { groups: number; size: [number, number] }[];
  unseen: { groups: number; size: [number, number] }[];
}

export const MSA_LEVELS: Record<Level, MsaShape> = {
  easy: { min: 0, max: 9, ops: ['+', '-'], seen: [{ groups: 2, size: [2, 2] }], unseen: [{ groups: 2, size: [3, 3] }] },
  quick: { min: -9, max: 9, ops: ['+', '-'], seen: [{ groups: 2, size: [2, 2] }], unseen: [{ groups: 3, size: [2, 2] }, { groups: 2, size: [3, 3] }] },
  paper: { min: -9, max: 9, ops: ['+', '-', '*'], seen: [{ groups: 2, size: [3, 4] }], unseen: [{ groups: 3, size: [3, 4] }, { groups: 2, size: [5, 6] }] },
};

function randomGroup(rng: Rng, size: number, shape: MsaShape): Group {
  const items: Expr[] = [];
  const ops: Op[] = [];
  for (let i = 0; i < size; i++) {
    items.push(randInt(rng, shape.min, shape.max));
    if (i > 0) ops.push(pick(rng, shape.ops));
  }
  return { items, ops };
}

/** `(A op B)` for two groups, `((A op B) op C)` for three. */
function randomTemplate(rng: Rng, nGroups: number, ops: Op[]): string {
  let t = `A ${pick(rng, ops)} B`;
  for (let i = 2; i < nGroups; i++) t = `(${t}) ${pick(rng, ops)} ${VARS[i]}`;
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

export function generateMsa(rng: Rng, split: Split, id: string, level: Level = 'paper'): MsaProblem {
  const shape = MSA_LEVELS[level];
  const options = shape[split];
  // One draw picks the form, as the paper level always did (seen: a single form, no draw).
  const form = options.length === 1 ? options[0] : options[rng() < 0.5 ? 1 : 0];
  const groups = Array.from({ length: form.groups }, () => printExpr(randomGroup(rng, randInt(rng, form.size[0], form.size[1]), shape)));
  const template = randomTemplate(rng, form.groups, shape.ops);
  const data = { groups, template };
  const question = `${substitute(template, groups)} =`;
  const steps = msaSteps(data);
  const answer = String(evalExpr(parseExpr(substitute(template, groups)) as Expr));
  return { id, task: 'msa', split, question, prompt: makePrompt('msa', question), rationale: steps.join('\n'), answer, data };
}

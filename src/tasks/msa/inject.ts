// One injected MSA mistake: a wrong group number, a wrong reduction result, or a wrong final answer.

import type { MsaProblem } from '../types';
import { type Rng, pick, randInt } from '../rng';
import { FINAL } from '../steps';
import type { Injected } from '../inject-types';
import { type Expr, evalExpr, parseExpr, printExpr, reductionChain } from './expr';
import { VARS, msaSteps, substitute } from './problem';

const nonZero = (rng: Rng) => pick(rng, [-3, -2, -1, 1, 2, 3]);

export function injectMsa(p: MsaProblem, rng: Rng): Injected {
  const nG = p.data.groups.length;
  const kind = randInt(rng, 0, 3);
  if (kind === 0) {
    const g = randInt(rng, 0, nG - 1);
    const expr = parseExpr(p.data.groups[g]) as { items: Expr[]; ops: string[] };
    const k = randInt(rng, 0, expr.items.length - 1);
    const items = expr.items.slice();
    const old = items[k] as number;
    items[k] = old + (old >= 7 ? -randInt(rng, 1, 3) : randInt(rng, 1, 3));
    const groups = p.data.groups.slice();
    groups[g] = printExpr({ items, ops: expr.ops } as Expr);
    return { attempt: msaSteps(p.data, { groups }).join('\n'), step: '1', segment: `${VARS[g]} = ${groups[g]}` };
  }
  if (kind !== 3) {
    const step = kind === 1 ? randInt(rng, 1, nG) : nG + 1;
    // The expression that step reduces: a group, or the template with the true values substituted.
    const values = p.data.groups.map((g) => String(reductionChain(parseExpr(g) as Expr).pop()));
    const start = parseExpr(step <= nG ? p.data.groups[step - 1] : substitute(p.data.template, values)) as Expr;
    const link = randInt(rng, 0, reductionChain(start).length - 2);
    const delta = nonZero(rng);
    const bad = reductionChain(start, link, delta);
    // A wrong number that is later multiplied by 0 leaves every link true: fall through to the answer then.
    if (evalExpr(bad[link]) !== evalExpr(bad[link + 1])) {
      const attempt = msaSteps(p.data, { step, link, delta }).join('\n');
      return { attempt, step: String(step + 1), segment: `${printExpr(bad[link])} = ${printExpr(bad[link + 1])}` };
    }
  }
  const delta = nonZero(rng);
  const attempt = msaSteps(p.data, { answerDelta: delta }).join('\n');
  return { attempt, step: FINAL, segment: `the answer is ${Number(p.answer) + delta}` };
}

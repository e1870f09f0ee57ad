// MSA expressions: bracketed groups of integers with + - *; parse, evaluate, print, reduce one step.

export type Op = '+' | '-' | '*';

/** A bracketed sequence `(x op y op z)`; items are numbers or nested groups. */
export interface Group {
  items: Expr[];
  ops: Op[];
}
export type Expr = number | Group;

export function printExpr(e: Expr): string {
  if (typeof e === 'number') return String(e);
  let s = printExpr(e.items[0]);
  e.ops.forEach((op, i) => (s += ` ${op} ${printExpr(e.items[i + 1])}`));
  return `(${s})`;
}

function apply(op: Op, a: number, b: number): number {
  return op === '+' ? a + b : op === '-' ? a - b : a * b;
}

/** Value with the usual precedence: * before + and -, left to right. */
export function evalExpr(e: Expr): number {
  if (typeof e === 'number') return e;
  const vals = e.items.map(evalExpr);
  const terms: number[] = [vals[0]];
  const addOps: Op[] = [];
  e.ops.forEach((op, i) => {
    if (op === '*') terms[terms.length - 1] *= vals[i + 1];
    else {
      addOps.push(op);
      terms.push(vals[i + 1]);
    }
  });
  return addOps.reduce((acc, op, i) => apply(op, acc, terms[i + 1]), terms[0]);
}

/** Value ignoring precedence (strictly left to right): the usual mistake, named in the feedback. */
export function evalLeftToRight(e: Expr): number {
  if (typeof e === 'number') return e;
  const vals = e.items.map(evalLeftToRight);
  return e.ops.reduce((acc, op, i) => apply(op, acc, vals[i + 1]), vals[0]);
}

/**
 * One reduction: inside the first group that still has brackets, else the first `*`, else the
 * first operation. A group left with one number loses its brackets. `delta` corrupts the result.
 */
export function reduceOnce(e: Expr, delta = 0): Expr {
  if (typeof e === 'number') return e;
  const g = e.items.findIndex((x) => typeof x !== 'number');
  if (g >= 0) {
    const items = e.items.slice();
    items[g] = reduceOnce(items[g], delta);
    return { items, ops: e.ops };
  }
  const nums = e.items as number[];
  let k = e.ops.indexOf('*');
  if (k < 0) k = 0;
  const items: Expr[] = nums.slice();
  items.splice(k, 2, apply(e.ops[k], nums[k], nums[k + 1]) + delta);
  const ops = e.ops.slice();
  ops.splice(k, 1);
  return ops.length === 0 ? items[0] : { items, ops };
}

/** The chain `e = r1 = r2 = ... = value`; reduction number `corruptAt` (0-based) is off by `delta`. */
export function reductionChain(e: Expr, corruptAt = -1, delta = 0): Expr[] {
  const chain: Expr[] = [e];
  for (let cur = e, i = 0; typeof cur !== 'number'; i++) {
    cur = reduceOnce(cur, i === corruptAt ? delta : 0);
    chain.push(cur);
  }
  return chain;
}

/** Parses `(-9 + -6 + 8 * 1)`, `-7`, or a bare `-15 + 8`; null when it is not a valid expression. */
export function parseExpr(text: string): Expr | null {
  const tokens = text.match(/\d+|[-+*()]|\S/g) ?? [];
  let pos = 0;
  const atom = (): Expr | null => {
    const t = tokens[pos];
    if (t === '(') {
      pos++;
      const inner = sequence();
      if (inner === null || tokens[pos] !== ')') return null;
      pos++;
      return inner;
    }
    const neg = t === '-' && /^\d+$/.test(tokens[pos + 1] ?? '');
    if (neg) pos++;
    if (!/^\d+$/.test(tokens[pos] ?? '')) return null;
    const n = Number(tokens[pos++]);
    return neg ? -n : n;
  };
  const sequence = (): Group | null => {
    const first = atom();
    if (first === null) return null;
    const g: Group = { items: [first], ops: [] };
    while (tokens[pos] === '+' || tokens[pos] === '-' || tokens[pos] === '*') {
      g.ops.push(tokens[pos++] as Op);
      const next = atom();
      if (next === null) return null;
      g.items.push(next);
    }
    return g;
  };
  const g = sequence();
  if (g === null || pos !== tokens.length) return null;
  return g.ops.length === 0 ? g.items[0] : g;
}

/** Whitespace-insensitive text comparison of expressions as written. */
export function sameText(a: string, b: string): boolean {
  return a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
}

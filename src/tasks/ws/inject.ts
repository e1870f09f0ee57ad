// One injected WS mistake: a wrong letter, two groups swapped in an order step, or two words swapped in the answer.

import type { WsProblem } from '../types';
import { type Rng, pick, randInt } from '../rng';
import type { Injected } from '../inject-types';
import { buckets, bucketText, itemText, lineText, wsPlan } from './problem';

export function injectWs(p: WsProblem, rng: Rng): Injected {
  const plan = wsPlan(p.data.words);
  const lines = plan.map(lineText);
  const orders = plan.flatMap((l, i) => (l.kind === 'order' && buckets(l.words, l.letter).length > 1 ? [i] : []));
  const kind = randInt(rng, 0, 2);
  if (kind === 0) {
    const i = pick(rng, plan.flatMap((l, j) => (l.kind === 'letters' ? [j] : [])));
    const l = plan[i] as Extract<(typeof plan)[number], { kind: 'letters' }>;
    const w = pick(rng, l.words);
    const good = w[l.letter - 1];
    const wrong = pick(rng, [...'abcdefghijklmnopqrstuvwxyz'].filter((c) => c !== good));
    const item = itemText(w, l.letter, wrong);
    const items = l.words.map((x) => (x === w ? item : itemText(x, l.letter)));
    lines[i] = `(${l.label}) By letter ${l.letter}: ${items.join(' ')}.`;
    return { attempt: lines.join('\n'), step: l.label, segment: item };
  }
  if (kind === 1 && orders.length > 0) {
    const i = pick(rng, orders);
    const l = plan[i] as Extract<(typeof plan)[number], { kind: 'order' }>;
    const bs = buckets(l.words, l.letter).map((b) => bucketText(b, l.letter));
    const j = randInt(rng, 1, bs.length - 1);
    [bs[j - 1], bs[j]] = [bs[j], bs[j - 1]];
    lines[i] = `(${l.label}) Order: ${bs.join(' < ')}.`;
    return { attempt: lines.join('\n'), step: l.label, segment: `${bs[j - 1]} < ${bs[j]}` };
  }
  const sorted = plan[plan.length - 1].words.slice();
  const j = randInt(rng, 1, sorted.length - 1);
  [sorted[j - 1], sorted[j]] = [sorted[j], sorted[j - 1]];
  lines[lines.length - 1] = `(${plan[plan.length - 1].label}) So the answer is: ${sorted.join(' ')}.`;
  return { attempt: lines.join('\n'), step: plan[plan.length - 1].label, segment: `${sorted[j - 1]} ${sorted[j]}` };
}

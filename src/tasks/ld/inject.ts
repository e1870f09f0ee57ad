// One injected LD mistake: a wrong clue pattern, two neighbours swapped in the order, or a wrong option.

import type { LdProblem } from '../types';
import { type Rng, pick, randInt } from '../rng';
import { FINAL } from '../steps';
import type { Injected } from '../inject-types';
import { ldSteps, pattern } from './problem';

export function injectLd(p: LdProblem, rng: Rng): Injected {
  const { clues, objects, order } = p.data;
  const n = objects.length;
  const kind = randInt(rng, 0, 2);
  if (kind === 0) {
    const i = randInt(rng, 0, clues.length - 1);
    const c = clues[i];
    const wrong =
      c.kind === 'before'
        ? pattern({ ...c, a: c.b, b: c.a }, n)
        : pattern({ ...c, position: c.position === 1 || (c.fromEnd && c.position < n) ? c.position + 1 : c.position - 1 }, n);
    const lines = ldSteps(p.data);
    lines[i] = `(${i + 1}) ${c.text.slice(0, -1)}: "${wrong}".`;
    return { attempt: lines.join('\n'), step: String(i + 1), segment: `"${wrong}"` };
  }
  if (kind === 1) {
    const j = randInt(rng, 1, n - 1);
    const bad = order.slice();
    [bad[j - 1], bad[j]] = [bad[j], bad[j - 1]];
    return { attempt: ldSteps(p.data, bad).join('\n'), step: String(clues.length + 1), segment: `"${bad.join(' ')}"` };
  }
  const chosen = pick(rng, objects.map((_, i) => i).filter((i) => i !== p.data.answerIndex));
  return { attempt: ldSteps(p.data, order, chosen).join('\n'), step: FINAL, segment: p.data.options[chosen] };
}

// One injected DU mistake: a wrong date in some step (later steps follow from it), or a wrong option.

import type { DuProblem } from '../types';
import { type Rng, pick, randInt } from '../rng';
import { FINAL } from '../steps';
import type { Injected } from '../inject-types';
import { mdy } from './dates';
import { LETTERS, duDates, duSteps } from './problem';

export function injectDu(p: DuProblem, rng: Rng): Injected {
  const nSteps = p.data.events.length + 1;
  const step = randInt(rng, 1, nSteps + 1);
  if (step > nSteps) {
    const wrong = pick(rng, LETTERS.slice(0, p.data.options.length).split('').filter((_, i) => i !== p.data.answerIndex));
    return { attempt: duSteps(p.data, undefined, wrong).join('\n'), step: FINAL, segment: `the answer is (${wrong})` };
  }
  const wrong = { step, delta: pick(rng, [-2, -1, 1, 2, 7, -7, 365]) };
  const lines = duSteps(p.data, wrong);
  const words = lines[step - 1].split(' ');
  const date = mdy(duDates(p.data, wrong)[step - 1]);
  return { attempt: lines.join('\n'), step: String(step), segment: `${words.slice(-3, -1).join(' ')} ${date}` };
}

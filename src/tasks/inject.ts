// An attempt with one injected mistake at a known step: SI-demo baselines and the critic tests use it.

import type { Problem } from './types';
import type { Rng } from './rng';
import type { Injected } from './inject-types';
import { injectMsa } from './msa/inject';
import { injectWs, injectWsCareless } from './ws/inject';
import { injectDu } from './du/inject';
import { injectLd } from './ld/inject';

export type { Injected };

/**
 * The gold rationale with one mistake; steps after it follow from it where the task allows. `careless` leaves out the
 * copying mistakes of word sorting: the task tokenizer's word list was read from those texts, and shipped checkpoints
 * depend on that list (src/tasks/corpus.ts).
 */
export function injectError(problem: Problem, rng: Rng, careless = false): Injected {
  switch (problem.task) {
    case 'msa':
      return injectMsa(problem, rng);
    case 'ws':
      return careless ? injectWsCareless(problem, rng) : injectWs(problem, rng);
    case 'du':
      return injectDu(problem, rng);
    case 'ld':
      return injectLd(problem, rng);
  }
}

// An attempt with one injected mistake at a known step: SI-demo baselines and the critic tests use it.

import type { Problem } from './types';
import type { Rng } from './rng';
import type { Injected } from './inject-types';
import { injectMsa } from './msa/inject';
import { injectWs } from './ws/inject';
import { injectDu } from './du/inject';
import { injectLd } from './ld/inject';

export type { Injected };

/** The gold rationale with one mistake; steps after it follow from it where the task allows. */
export function injectError(problem: Problem, rng: Rng): Injected {
  switch (problem.task) {
    case 'msa':
      return injectMsa(problem, rng);
    case 'ws':
      return injectWs(problem, rng);
    case 'du':
      return injectDu(problem, rng);
    case 'ld':
      return injectLd(problem, rng);
  }
}

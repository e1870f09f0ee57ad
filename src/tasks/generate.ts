// Seeded, deterministic problem sets: problem i depends only on (task, split, seed, i).

import type { Problem, Split, TaskId } from './types';
import { TASK_IDS } from './types';
import { mixSeed, mulberry32 } from './rng';
import { generateMsa } from './msa/problem';
import { generateWs } from './ws/problem';
import { generateDu } from './du/problem';
import { generateLd } from './ld/problem';

export function generateProblem(task: TaskId, split: Split, seed: number, index: number): Problem {
  const rng = mulberry32(mixSeed(TASK_IDS.indexOf(task), split === 'seen' ? 0 : 1, seed, index));
  const id = `${task}-${split}-${seed}-${index}`;
  switch (task) {
    case 'msa':
      return generateMsa(rng, split, id);
    case 'ws':
      return generateWs(rng, split, id);
    case 'du':
      return generateDu(rng, split, id);
    case 'ld':
      return generateLd(rng, split, id);
  }
}

export function generateProblems(task: TaskId, split: Split, n: number, seed: number): Problem[] {
  return Array.from({ length: n }, (_, i) => generateProblem(task, split, seed, i));
}

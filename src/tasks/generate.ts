// Seeded, deterministic problem sets: problem i depends only on (task, level, split, seed, i).

import type { Problem, Split, TaskId } from './types';
import type { Level } from './level';
import { TASK_IDS } from './types';
import { mixSeed, mulberry32 } from './rng';
import { generateMsa } from './msa/problem';
import { generateWs } from './ws/problem';
import { generateDu } from './du/problem';
import { generateLd } from './ld/problem';

/** The paper level keeps its ids and streams from before levels existed; other levels name theirs. */
export function generateProblem(task: TaskId, split: Split, seed: number, index: number, level: Level = 'paper'): Problem {
  const rng = mulberry32(mixSeed(TASK_IDS.indexOf(task), split === 'seen' ? 0 : 1, seed, index));
  const id = level === 'paper' ? `${task}-${split}-${seed}-${index}` : `${task}-${level}-${split}-${seed}-${index}`;
  switch (task) {
    case 'msa':
      return generateMsa(rng, split, id, level);
    case 'ws':
      return generateWs(rng, split, id, level);
    case 'du':
      return generateDu(rng, split, id, level);
    case 'ld':
      return generateLd(rng, split, id, level);
  }
}

export function generateProblems(task: TaskId, split: Split, n: number, seed: number, level: Level = 'paper'): Problem[] {
  return Array.from({ length: n }, (_, i) => generateProblem(task, split, seed, i, level));
}

// Problem sets shared by the task tests: every task and split over a few seeds.

import { SPLITS, TASK_IDS, generateProblems, type Problem, type Split, type TaskId } from '../../../src/tasks/index';

export const SEEDS = [1, 2, 3];

export const COMBOS: [TaskId, Split][] = TASK_IDS.flatMap((t) => SPLITS.map((s) => [t, s] as [TaskId, Split]));

const cache = new Map<string, Problem[]>();

/** `perSeed` problems for each of SEEDS, generated once per test file. */
export function problemsFor(task: TaskId, split: Split, perSeed = 60): Problem[] {
  const key = `${task}/${split}/${perSeed}`;
  if (!cache.has(key)) cache.set(key, SEEDS.flatMap((seed) => generateProblems(task, split, perSeed, seed)));
  return cache.get(key)!;
}

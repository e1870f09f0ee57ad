// Where `npm run chaos` kills a run: a seeded choice of distinct stages of the run's plan, each with a moment inside it
// (its start, part-way through its items, during a write), one of them always part-way through a training stage.
import type { RunStage } from '../store';
import { mixSeed, mulberry32, shuffle } from '../tasks';
import type { PlannedStage } from '../tripost/run';

/** The moment inside a stage: as it starts, after a share of its steps or problems, while the store is written. */
export type Moment = 'stage-start' | 'mid-stage' | 'mid-write';
export const MOMENTS: readonly Moment[] = ['stage-start', 'mid-stage', 'mid-write'];

export interface KillTarget {
  iteration: number;
  stage: RunStage;
  moment: Moment;
  /** For mid-stage: the share of the stage's steps or problems done when the kill comes. */
  fraction: number;
  /** Its place in the run's plan: kills come in this order. */
  index: number;
}

/** The fewest iterations whose plan has a stage for each kill: 2 stages at t=0, 4 per iteration after. */
export function iterationsFor(kills: number): number {
  return Math.max(1, Math.ceil((kills - 2) / 4));
}

export function describeTarget(t: Pick<KillTarget, 'iteration' | 'stage' | 'moment'>): string {
  return `t=${t.iteration} ${t.stage} ${t.moment}`;
}

const isTraining = (s: PlannedStage) => s.stage === 'finetune' || s.stage === 'train';

/**
 * `kills` distinct stages of `plan` in plan order. One training stage is always killed late, at 70 to 95 % of its steps
 * (past its first checkpoint when one comes every half of the stage or more often), so a resume goes on from one; the
 * other moments come round in turn, the first round without mid-stage, so three kills hit all three moments.
 */
export function chaosSchedule(plan: readonly PlannedStage[], kills: number, seed: number): KillTarget[] {
  if (kills > plan.length) throw new Error(`${kills} kills need ${kills} stages, but the run has ${plan.length}`);
  if (kills < 1) return [];
  const rng = mulberry32(mixSeed(seed, 0xc4a05));
  const indices = plan.map((_, i) => i);
  const training = indices.filter((i) => isTraining(plan[i]));
  const anchor = training[Math.floor(rng() * training.length)];
  const others = shuffle(rng, indices.filter((i) => i !== anchor)).slice(0, kills - 1);
  const moments: Moment[] = shuffle(rng, MOMENTS.filter((m) => m !== 'mid-stage'));
  while (moments.length < others.length) moments.push(...shuffle(rng, MOMENTS));
  // Between 5 % and 95 % of the stage, so a kill lands after its first item and before its last.
  const fraction = () => 0.05 + 0.9 * rng();
  // The training kill comes late in its stage, after its first checkpoint, so the resume goes on from one.
  const targets: KillTarget[] = [{ ...plan[anchor], moment: 'mid-stage', fraction: 0.7 + 0.25 * rng(), index: anchor }];
  others.forEach((index, k) => targets.push({ ...plan[index], moment: moments[k], fraction: fraction(), index }));
  return targets.sort((a, b) => a.index - b.index);
}

/** The item after which a mid-stage kill comes: at least the first, at most the one before the last. */
export function killAfterItem(fraction: number, total: number): number {
  return Math.min(Math.max(1, total - 1), Math.max(1, Math.round(fraction * total)));
}

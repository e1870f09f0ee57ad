// The chaos test's three-kill version (`npm run chaos` kills twenty times): `npm run experiment` is SIGKILLed in three
// stages of a nano run (one late in training, one at its start, one while its bundle is written), resumed from its
// bundle each time, and ends with the same store as a run never killed. Also: the schedule, and that the comparison
// does see a record lost, doubled or changed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaosCli } from '../../../src/cli/chaos-cli';
import type { ChaosReport } from '../../../src/cli/chaos-report';
import { bundleRecords, compareRecords, type RunRecords } from '../../../src/cli/chaos-compare';
import { chaosSchedule, iterationsFor, killAfterItem } from '../../../src/cli/chaos-schedule';
import { DEFAULT_CONFIG } from '../../../src/tripost/config';
import { planStages } from '../../../src/tripost/run';

const dir = mkdtempSync(join(tmpdir(), 'chaos-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('chaos schedule', () => {
  const plan = planStages({ ...DEFAULT_CONFIG, iterations: iterationsFor(20) });

  it('puts twenty kills in twenty different stages, in plan order, the same for the same seed', () => {
    expect(plan.length).toBeGreaterThanOrEqual(20);
    const schedule = chaosSchedule(plan, 20, 1);
    const indices = schedule.map((t) => t.index);
    expect(new Set(indices).size).toBe(20);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    for (const t of schedule) expect(plan[t.index]).toEqual({ iteration: t.iteration, stage: t.stage });
    expect(chaosSchedule(plan, 20, 1)).toEqual(schedule);
    expect(chaosSchedule(plan, 20, 2)).not.toEqual(schedule);
    expect(new Set(schedule.map((t) => t.stage))).toEqual(new Set(['finetune', 'evaluate', 'edit', 'postprocess', 'train']));
  });

  it('three kills: one late in a training stage, and all three moments', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const schedule = chaosSchedule(planStages({ ...DEFAULT_CONFIG, iterations: 1 }), 3, seed);
      expect(schedule.map((t) => t.moment).sort(), `seed ${seed}`).toEqual(['mid-stage', 'mid-write', 'stage-start']);
      const training = schedule.filter((t) => (t.stage === 'train' || t.stage === 'finetune') && t.moment === 'mid-stage');
      expect(training.length, `seed ${seed}`).toBe(1);
      expect(training[0].fraction).toBeGreaterThanOrEqual(0.7);
    }
    expect(() => chaosSchedule(planStages({ ...DEFAULT_CONFIG, iterations: 1 }), 7, 1)).toThrow('7 kills need 7 stages, but the run has 6');
  });

  it('a mid-stage kill comes after the first item and before the last', () => {
    expect(killAfterItem(0.05, 6)).toBe(1);
    expect(killAfterItem(0.5, 6)).toBe(3);
    expect(killAfterItem(0.95, 6)).toBe(5);
    expect(killAfterItem(0.9, 1)).toBe(1);
  });
});

describe('chaos: npm run experiment killed three times (cpu, nano)', () => {
  let report: ChaosReport;
  beforeAll(async () => {
    report = await chaosCli({ kills: 3, seed: 1, dir });
  }, 180_000); // its own work is about 15 s; other unit files share the cores with the processes it starts

  it('each kill lands in the stage it aimed at, and the resumed run ends with the same store as the run never killed', () => {
    expect(report.kills).toBe(3);
    expect(report.resumes).toBe(3);
    for (const k of report.killLog) expect(k.aimed.startsWith(`${k.stage} `), `${k.aimed} landed in ${k.stage}`).toBe(true);
    expect(report.momentsHit).toEqual({ 'mid-stage': 1, 'mid-write': 1, 'stage-start': 1 });
    // The late training kill goes on from the training checkpoint in the bundle, not from the stage's start.
    expect(report.killLog.find((k) => k.moment === 'mid-stage')?.resumesFrom).toMatch(/(train|finetune) checkpoint at step [1-9]/);
    expect(report.differenceLog).toEqual([]);
    expect(report.differences).toBe(0);
    // The comparison saw the whole run: 4 problems edited, 2 evaluations of 2 splits, 2 checkpoints (t=0 and t=1).
    expect(report.records).toMatchObject({ trajectories: 4, evals: 4, checkpoints: 2 });
    expect(report.records.examples).toBeGreaterThan(0);
    expect(report.records.metrics).toBeGreaterThan(0);
  });

  it('the comparison counts a trajectory lost, an example doubled and a changed weight as differences', async () => {
    const whole = await bundleRecords(new Uint8Array(readFileSync(join(dir, 'reference.zip'))));
    const damaged: RunRecords = {
      ...whole,
      trajectories: whole.trajectories.slice(1),
      examples: [...whole.examples, whole.examples[0]],
      checkpoints: whole.checkpoints.map((c, i) => (i === 1 ? { ...c, value: c.value.replace(/"weights":"[0-9a-f]/, '"weights":"x') } : c)),
    };
    const found = compareRecords(whole, damaged);
    expect(found).toEqual([
      { collection: 'trajectories', key: whole.trajectories[0].key, expected: 1, found: 0 },
      { collection: 'examples', key: whole.examples[0].key, expected: 1, found: 2 },
      { collection: 'checkpoints', key: whole.checkpoints[1].key, expected: 1, found: 0 },
      { collection: 'checkpoints', key: whole.checkpoints[1].key, expected: 0, found: 1 },
    ]);
  });
});

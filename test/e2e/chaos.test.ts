// The chaos test's three-kill version in the built app (`npm run chaos` kills twenty times): a nano Demo run on the cpu
// backend is killed in three stages — late in training, as a stage starts, and inside an IndexedDB write transaction —
// by closing the page or terminating the pipeline worker, reopened and resumed each time; its exported bundle holds
// the same trajectories, examples, evaluations and weights as an uninterrupted run's, nothing doubled or missing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { chaosBrowser } from '../../src/cli/chaos-browser';

const dir = mkdtempSync(join(tmpdir(), 'chaos-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('chaos: a Demo run killed three times (built app in Chromium)', () => {
  it('each kill lands where it aimed, the run resumes each time and ends with the uninterrupted run\'s store', async () => {
    const lines: string[] = [];
    const report = await chaosBrowser({ kills: 3, seed: 1, dir, baseUrl: inject('baseUrl'), log: (line) => lines.push(line) });
    expect(report.kills, lines.join('\n')).toBe(3);
    expect(report.momentsHit).toEqual({ 'mid-stage': 1, 'mid-write': 1, 'stage-start': 1 });
    // Both ways of killing, and the write kill inside a transaction of its stage's own store.
    expect(new Set(report.killLog.map((k) => k.how))).toEqual(new Set(['close-page', 'terminate-worker']));
    const write = report.killLog.find((k) => k.moment === 'mid-write')!;
    expect(write.tornWrite, lines.join('\n')).toBe(true);
    for (const k of report.killLog) expect(k.aimed.startsWith(`${k.stage} `), `${k.aimed} landed in ${k.stage}`).toBe(true);
    // Each kill held the worker where it aimed (seed 1's schedule): the stage it hit is not stored as done, and runs again.
    expect(report.killLog.map((k) => `${k.aimed}: ${k.resumesFrom}`)).toEqual([
      't=1 edit mid-write: after 2 of 6 stages',
      't=1 postprocess stage-start: after 3 of 6 stages',
      't=1 train mid-stage: after 4 of 6 stages',
    ]);
    expect(report.differenceLog).toEqual([]);
    expect(report.differences).toBe(0);
    expect(report.records).toMatchObject({ trajectories: 4, evals: 4, checkpoints: 2 });
    expect(report.records.examples).toBeGreaterThan(0);
    expect(lines.filter((line) => line.startsWith('pageerror') || line.startsWith('worker hook'))).toEqual([]);
  });
});

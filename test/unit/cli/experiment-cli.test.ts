// One smoke run of `npm run experiment` on cpu with tiny counts, and its refusal of a bad flag.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'experiment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function experiment(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const node = ['--import', 'tsx', '--import', './scripts/raw-loader.mjs', 'src/cli/experiment.ts', ...args];
  return new Promise((resolve) => {
    execFile(process.execPath, node, { cwd: process.cwd(), env: { ...process.env, OPENAI_API_KEY: '' } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const TINY = ['--task', 'ws', '--preset', 'nano', '--iterations', '1', '--backend', 'cpu', '--seed', '3', '--train-problems', '6', '--gold-problems', '6',
  '--eval-problems', '3', '--level', 'easy', '--context-length', '256', '--epochs', '1', '--sft-epochs', '1', '--batch-size', '4', '--min-train-examples', '1'];

describe('experiment command line', () => {
  it('runs TriPosT and the baselines, prints tables and one JSON object last, writes the bundles', async () => {
    const out = join(dir, 'run.zip');
    const { code, stdout, stderr } = await experiment([...TINY, '--baselines', '--json', '--out', out]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['config', 'iterations', 'baselines']));
    expect(report.config).toMatchObject({ task: 'ws', preset: 'nano', iterations: 1, p: expect.any(Number), w: 1.5, maxEditRounds: 5 });
    expect(report.iterations.map((it: { t: number }) => it.t)).toEqual([0, 1]);
    const [, first] = report.iterations;
    for (const split of ['seen', 'unseen']) expect(Object.keys(first.evals[split]).sort()).toEqual(['accuracy', 'n', 'siContrib', 'siFreq']);
    expect(first.trajectories.kept + Object.values(first.trajectories.dropped as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(6);
    expect(Object.keys(first.trainingMix).sort()).toEqual(['correct', 'gold', 'improvement']);
    expect(Object.keys(report.baselines).sort()).toEqual(['ft-rationale', 'ft-si-demo', 'tripost-no-rebalance']);
    for (const b of Object.values(report.baselines) as { seen: { n: number } }[]) expect(b.seen.n).toBe(3);
    expect(stdout).toContain('tripost · iteration t=1');
    expect(stdout).toContain('Final models');
    expect(stderr).toMatch(/tripost t=1 edit .*6\/6 done in/);
    for (const name of ['run.zip', 'run.ft-rationale.zip', 'run.ft-si-demo.zip', 'run.tripost-no-rebalance.zip']) expect(existsSync(join(dir, name)), name).toBe(true);
  }, 90_000);

  it('exits 2 with a clear message on an unknown flag', async () => {
    const { code, stderr, stdout } = await experiment(['--task', 'ws', '--iteration', '2']);
    expect(code).toBe(2);
    expect(stderr).toContain('error: unknown flag --iteration');
    expect(stdout).toBe('');
  }, 30_000);
});

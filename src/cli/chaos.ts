// `npm run chaos -- --kills 20 --seed 1 --target cli|browser|both`: a nano run killed at seeded moments in different
// stages (SIGKILL for the command line; page closed or worker terminated in Chromium), resumed each time, and compared
// with an uninterrupted run of the same seed. One JSON line on stdout; each kill and any difference on stderr.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chaosCli } from './chaos-cli';
import type { ChaosReport } from './chaos-report';

type Target = 'cli' | 'browser';
type Summary = Omit<ChaosReport, 'killLog' | 'differenceLog'>;

const USAGE = 'usage: npm run chaos -- [--kills 20] [--seed 1] [--target cli|browser|both] [--keep DIR]';

function parse(argv: string[]): { kills: number; seed: number; targets: Target[]; keep?: string } {
  const { values } = parseArgs({ args: argv, options: { kills: { type: 'string', default: '20' }, seed: { type: 'string', default: '1' }, target: { type: 'string', default: 'both' }, keep: { type: 'string' } } });
  const kills = Number(values.kills);
  const seed = Number(values.seed);
  if (!Number.isInteger(kills) || kills < 0) throw new Error(`--kills: expected a whole number; got '${values.kills}'`);
  if (!Number.isInteger(seed)) throw new Error(`--seed: expected a whole number; got '${values.seed}'`);
  const targets: Record<string, Target[]> = { cli: ['cli'], browser: ['browser'], both: ['cli', 'browser'] };
  if (!targets[values.target]) throw new Error(`--target: expected cli, browser or both; got '${values.target}'`);
  return { kills, seed, targets: targets[values.target], keep: values.keep };
}

async function runTarget(target: Target, options: { kills: number; seed: number; dir: string; log: (line: string) => void }): Promise<ChaosReport> {
  if (target === 'cli') return chaosCli(options);
  // Loaded only when asked: it builds the app and starts Chromium.
  const { chaosBrowser } = await import('./chaos-browser');
  return chaosBrowser(options);
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const started = performance.now();
  const dir = args.keep ?? mkdtempSync(join(tmpdir(), 'chaos-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const results: Partial<Record<Target, Summary>> = {};
  try {
    for (const target of args.targets) {
      log(`chaos ${target}: ${args.kills} kills, seed ${args.seed}`);
      mkdirSync(join(dir, target), { recursive: true });
      const { killLog: _kills, differenceLog, ...summary } = await runTarget(target, { kills: args.kills, seed: args.seed, dir: join(dir, target), log: (line) => log(`${target}: ${line}`) });
      for (const d of differenceLog) log(`${target}: difference in ${d.collection}: ${d.key} is there ${d.found} times, expected ${d.expected}`);
      results[target] = summary;
    }
  } finally {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
  const summaries = Object.values(results) as Summary[];
  const differences = summaries.reduce((n, s) => n + s.differences, 0);
  const wallSeconds = Math.round((performance.now() - started) / 100) / 10;
  const line = summaries.length === 1 ? { target: args.targets[0], ...summaries[0], wallSeconds } : { ...results, differences, wallSeconds };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  return differences === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`error: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);

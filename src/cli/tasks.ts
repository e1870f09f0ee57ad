// `npm run tasks -- --task msa --level quick --split seen --n 100 --seed 1`: problems as JSONL, for inspection.

import { LEVELS, SPLITS, TASK_IDS, isLevel, type Level, type Split, type TaskId, generateProblems } from '../tasks/index';

const USAGE = `usage: npm run tasks -- --task msa|ws|du|ld [--level ${LEVELS.join('|')}] [--split seen|unseen] [--n 10] [--seed 1]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { task: TaskId; level: Level; split: Split; n: number; seed: number } {
  const opts: Record<string, string> = { level: 'paper', split: 'seen', n: '10', seed: '1' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    if (!key.startsWith('--') || argv[i + 1] === undefined) fail(`bad argument: ${key}`);
    opts[key.slice(2)] = argv[i + 1];
  }
  const task = opts.task as TaskId;
  const split = opts.split as Split;
  const n = Number(opts.n);
  const seed = Number(opts.seed);
  if (!TASK_IDS.includes(task)) fail(`unknown task: ${opts.task}`);
  if (!SPLITS.includes(split)) fail(`unknown split: ${opts.split}`);
  if (!isLevel(opts.level)) fail(`unknown level: ${opts.level}`);
  if (!Number.isInteger(n) || n < 0) fail(`bad --n: ${opts.n}`);
  if (!Number.isInteger(seed)) fail(`bad --seed: ${opts.seed}`);
  return { task, level: opts.level as Level, split, n, seed };
}

const { task, level, split, n, seed } = parseArgs(process.argv.slice(2));
for (const p of generateProblems(task, split, n, seed, level)) process.stdout.write(`${JSON.stringify(p)}\n`);

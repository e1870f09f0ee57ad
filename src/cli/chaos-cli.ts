// The chaos test of `npm run experiment`: a nano run on the cpu backend is SIGKILLed at each scheduled moment and
// resumed with --resume from the bundle it left; its final bundle is compared with an uninterrupted run of the seed.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, watch } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { planStages, type PlannedStage } from '../tripost/run';
import type { PipelineEvent } from '../tripost/events';
import { parseExperimentArgs, type ExperimentOptions } from './experiment-args';
import { bundleRecords } from './chaos-compare';
import { chaosReport, type ChaosReport, type KillRecord } from './chaos-report';
import { chaosSchedule, describeTarget, iterationsFor, killAfterItem, type KillTarget } from './chaos-schedule';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NODE_FLAGS = ['--import', 'tsx', '--import', './scripts/raw-loader.mjs', 'src/cli/experiment.ts'];
/** A bundle (and training checkpoint) every 2 steps and every 2 evaluation batches: kills land on both sides of one. */
const CHECKPOINT_EVERY = '2';

/** The smallest run the config allows that still has every stage: a step of nano takes well under a second. */
export function chaosRunFlags(seed: number, iterations: number): string[] {
  return [
    '--task', 'msa', '--level', 'easy', '--preset', 'nano', '--tokenizer', 'task', '--context-length', '192', '--train-problems', '4',
    '--gold-problems', '8', '--eval-problems', '4', '--generate-batch', '2', '--epochs', '2', '--sft-epochs', '1', '--batch-size', '2',
    '--min-train-examples', '1', '--iterations', String(iterations), '--seed', String(seed), '--backend', 'cpu',
  ];
}

interface Experiment {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines it wrote that were not events, for an error message. */
  tail: string[];
}

/** Starts `npm run experiment` with these flags; `onEvent` sees each pipeline event it prints (--events). */
function launch(args: string[], onEvent: (e: PipelineEvent & { run: string }) => void = () => {}): Experiment {
  const child = spawn(process.execPath, [...NODE_FLAGS, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, OPENAI_API_KEY: '' } });
  const tail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (line.startsWith('{"run":')) onEvent(JSON.parse(line));
    else tail.splice(0, Math.max(0, tail.length - 19), line);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  return { child, exited, tail };
}

async function runToEnd(run: Experiment, what: string): Promise<void> {
  const { code, signal } = await run.exited;
  if (code !== 0) throw new Error(`${what} exited with ${signal ?? code}:\n${run.tail.join('\n')}`);
}

const sameStage = (a: PlannedStage, b: PlannedStage) => a.iteration === b.iteration && a.stage === b.stage;

/** Whether this event is the scheduled mid-stage moment: the share of steps (training) or problems done, or the mix stored. */
function midStageReached(target: KillTarget, e: PipelineEvent): boolean {
  if (target.stage === 'postprocess') return e.type === 'mix';
  if (target.stage === 'finetune' || target.stage === 'train') return e.type === 'loss' && e.step >= killAfterItem(target.fraction, e.total);
  return e.type === 'progress' && e.total > 0 && e.done >= killAfterItem(target.fraction, e.total);
}

/** Runs (or resumes) the experiment and SIGKILLs it at the target's moment; throws if it ends before. */
async function killAt(args: string[], target: KillTarget, out: string, plan: readonly PlannedStage[]): Promise<KillRecord> {
  let current: PlannedStage | null = null;
  let hit: PlannedStage | null = null;
  let tornWrite = false;
  const temporary = `${basename(out)}.tmp`;
  const kill = () => {
    if (hit || !current) return;
    hit = current;
    run.child.kill('SIGKILL');
  };
  const inTarget = () => current !== null && sameStage(current, target);
  const run = launch(args, (e) => {
    if (e.type === 'stage') current = { iteration: e.iteration, stage: e.stage };
    const passed = current !== null && plan.findIndex((s) => sameStage(s, current!)) > target.index;
    // A run already past its target (it never is, when kills go in plan order) is killed where it is.
    if (passed || (inTarget() && (target.moment === 'stage-start' ? e.type === 'stage' : target.moment === 'mid-stage' && midStageReached(target, e)))) kill();
  });
  // A bundle write is seen as its temporary file appears; the kill lands while it is written or renamed.
  const watcher = watch(dirname(out), (_, file) => file === temporary && target.moment === 'mid-write' && inTarget() && kill());
  try {
    const { signal } = await run.exited;
    if (signal !== 'SIGKILL' || !hit) throw new Error(`the run ended before ${describeTarget(target)} (${signal ?? 'exit'}):\n${run.tail.join('\n')}`);
    // This process began a write (the trigger); a temporary file still there was never renamed.
    tornWrite = target.moment === 'mid-write' && existsSync(`${out}.tmp`);
  } finally {
    watcher.close();
  }
  const landed = hit as PlannedStage;
  return { aimed: describeTarget(target), stage: `t=${landed.iteration} ${landed.stage}`, moment: target.moment, how: 'SIGKILL', resumesFrom: resumePointOf(out), tornWrite };
}

/** Where the bundle on disk lets a resumed run go on from. */
function resumePointOf(out: string): string {
  if (!existsSync(out)) return 'nothing (no bundle yet)';
  const files = unzipSync(new Uint8Array(readFileSync(out)));
  const manifest = JSON.parse(strFromU8(files['run.json']));
  const last = manifest.run.lastCompleted as PlannedStage | null;
  const training = manifest.training?.training as { stage: string; step: number } | undefined;
  const evaluated = files['eval-progress.jsonl'] ? strFromU8(files['eval-progress.jsonl']).trim().split('\n').length : 0;
  const inside = training ? `, ${training.stage} checkpoint at step ${training.step}` : evaluated ? `, ${evaluated} evaluation problems done` : '';
  return `${last ? `after t=${last.iteration} ${last.stage}` : 'the start'}${inside}`;
}

/** Kills a `kills`-kill schedule's run, resumes it each time, and compares it with a run never killed. */
export async function chaosCli(options: { kills: number; seed: number; dir: string; log?: (line: string) => void }): Promise<ChaosReport> {
  const started = performance.now();
  const { kills, seed, dir } = options;
  const flags = chaosRunFlags(seed, iterationsFor(kills));
  const plan = planStages((parseExperimentArgs(flags) as ExperimentOptions).config);
  const schedule = chaosSchedule(plan, kills, seed);
  const reference = join(dir, 'reference.zip');
  const out = join(dir, 'chaos.zip');
  // The reference runs beside the killed one: the default checkpoint clock, no events, never stopped.
  const referenceDone = runToEnd(launch([...flags, '--out', reference]), 'the uninterrupted run');
  referenceDone.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile

  const watching = ['--checkpoint-every', CHECKPOINT_EVERY, '--events'];
  const nextArgs = () => (existsSync(out) ? ['--resume', out, '--backend', 'cpu', ...watching] : [...flags, ...watching, '--out', out]);
  const killLog: KillRecord[] = [];
  let fromScratch = 0;
  for (const target of schedule) {
    if (killLog.length > 0 && !existsSync(out)) fromScratch++;
    const record = await killAt(nextArgs(), target, out, plan);
    killLog.push(record);
    options.log?.(`kill ${killLog.length}/${kills}: aimed at ${record.aimed}, landed in ${record.stage}${record.tornWrite ? ' (bundle half-written)' : ''}; resumes from ${record.resumesFrom}`);
  }
  if (kills > 0 && !existsSync(out)) fromScratch++;
  await runToEnd(launch(nextArgs()), 'the resumed run');
  await referenceDone;

  const expected = await bundleRecords(new Uint8Array(readFileSync(reference)));
  return chaosReport(killLog, fromScratch, expected, await bundleRecords(new Uint8Array(readFileSync(out))), started);
}

// The experiment in Node: TriPosT (and, if asked, the baselines) on an in-memory store, reported per iteration; each
// run's bundle is rewritten at every resume point, and a resumed experiment imports them and goes on.
import { existsSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createEngine, type Engine, type LoraConfig, type ModelConfig } from '../engine';
import { readWarmStart } from './warm-start-file';
import { GpuRuntime } from '../gpu';
import { installDawn } from '../gpu/node-gpu';
import { memoryResponseCache } from '../llm';
import { getRun, importRunBundle, listCheckpoints, loadCheckpoint, openDb, updateRun, type JsonObject, type TriPostDb } from '../store';
import { methodConfig, type Method, type RunConfig } from '../tripost/config';
import type { PipelineDeps } from '../tripost/context';
import { createCritic } from '../tripost/critic';
import type { PipelineEvent } from '../tripost/events';
import { runReport, type IterationReport } from '../tripost/report';
import { createPipelineRun, runPipeline } from '../tripost/run';
import { storedTensors } from '../tripost/stored-weights';
import { nextTurn } from '../util/next-turn';
import { UsageError, type ExperimentOptions } from './experiment-args';
import { importHfFolder } from './hf-folder';
import type { FinalScores } from './report-table';
import { bundlePath, readRunBundle, writeRunBundle } from './run-bundle-file';

export const BASELINES: readonly Method[] = ['ft-rationale', 'ft-si-demo', 'tripost-no-rebalance'];

export interface ExperimentReport {
  config: RunConfig;
  /** The Hugging Face model folder the runs started from (--init-hf); config.initialCheckpoint is its id in this process's store. */
  initHf?: string;
  backend: ExperimentOptions['backend'];
  iterations: IterationReport[];
  baselines?: Record<string, FinalScores & { error?: string }>;
  /** Why the main run ended early (e.g. not enough training data). */
  error?: string;
  seconds: number;
}

export interface ExperimentHooks {
  /** Every pipeline event, with the name of the run it belongs to. */
  onEvent?: (run: string, e: PipelineEvent) => void;
  /** After each run, its per-iteration report. */
  onRunDone?: (run: string, iterations: IterationReport[], error?: string) => void;
  /** Stops the experiment as Stop stops a run: its training checkpoint and bundle are written first. */
  signal?: AbortSignal;
}

export interface ExperimentOutcome {
  report: ExperimentReport;
  db: TriPostDb;
  /** Run ids by name: the main run under its method's name, then the baselines. */
  runIds: Record<string, number>;
}

/** Builds engines on the chosen backend; webgpu shares one Dawn device across the run's engines. */
async function engineFactory(backend: ExperimentOptions['backend']): Promise<{ create: PipelineDeps['createEngine']; close: () => void }> {
  if (backend === 'cpu') return { create: (config, seed, lora, halfBase) => createEngine({ backend, config, seed, lora, halfBase }), close: () => {} };
  const gpu = await GpuRuntime.create({ gpu: installDawn(), label: 'experiment' });
  const create = (config: ModelConfig, seed: number, lora: LoraConfig | null, halfBase?: boolean): Promise<Engine> => createEngine({ backend, config, seed, gpu, lora, halfBase });
  return { create, close: () => gpu.destroy() };
}

/** The weights (and adapters) of a run's initial fine-tune, so the baselines start from the same model without training it again. */
async function finetunedWeights(db: TriPostDb, runId: number): Promise<Record<string, Float32Array> | undefined> {
  const record = (await listCheckpoints(db, runId)).find((c) => c.iteration === 0);
  if (!record) return undefined;
  const { weights } = await loadCheckpoint(db, record.id);
  return storedTensors(record.tensors, weights);
}

/** The last iteration's evaluation of a run. */
export function finalScores(iterations: IterationReport[]): FinalScores {
  const last = [...iterations].reverse().find((it) => it.evals.seen || it.evals.unseen);
  return { seen: last?.evals.seen ?? null, unseen: last?.evals.unseen ?? null };
}

/** The folder imported into the store; what it holds that the engine cannot use is a bad --init-hf, said as such. */
async function importFolder(db: TriPostDb, dir: string, contextLength: number): Promise<number> {
  try {
    return await importHfFolder(db, dir, contextLength);
  } catch (e) {
    throw new UsageError(`--init-hf ${dir}: ${(e as Error).message}`);
  }
}

/** The cpu engine's steps resolve without leaving the microtask queue: a turn of the event loop lets Ctrl-C be heard. */

/** A resumed experiment runs its baselines when any of their bundles lies beside the main one. */
function resumesBaselines(opts: ExperimentOptions): boolean {
  if (opts.resume === undefined) return false;
  const resume = opts.resume;
  return BASELINES.some((method) => method !== opts.config.method && existsSync(bundlePath(resume, method, opts.config.method)));
}

export async function runExperiment(opts: ExperimentOptions, hooks: ExperimentHooks = {}): Promise<ExperimentOutcome> {
  const started = performance.now();
  const db = await openDb({ name: 'experiment', indexedDB: new IDBFactory(), IDBKeyRange });
  const engines = await engineFactory(opts.backend);
  const critic = await createCritic(opts.config.critic, opts.llm, memoryResponseCache());
  const runIds: Record<string, number> = {};
  const initialCheckpoint = opts.initHf === undefined ? null : await importFolder(db, opts.initHf, opts.config.contextLength);
  const startConfig: RunConfig = initialCheckpoint === null ? opts.config : { ...opts.config, initialCheckpoint };

  const mainName = opts.config.method;
  // A resumed run is its bundle imported (config, stored stages, training checkpoint); a run without one starts.
  const startRun = async (name: string, config: RunConfig): Promise<number> => {
    const saved = opts.resume === undefined ? null : await readRunBundle(bundlePath(opts.resume, name, mainName));
    if (!saved) return createPipelineRun({ db }, config);
    const { runId } = await importRunBundle(db, saved);
    // The bundle's config names the folder's model by its id in the killed process's store; here it has this one.
    if (initialCheckpoint !== null) await updateRun(db, runId, { config: { ...(await getRun(db, runId)).config, initialCheckpoint } as JsonObject });
    return runId;
  };

  const runOne = async (name: string, config: RunConfig, finetuned?: Record<string, Float32Array>) => {
    const runId = await startRun(name, config);
    runIds[name] = runId;
    const out = opts.out === undefined ? undefined : bundlePath(opts.out, name, mainName);
    const save = out === undefined ? undefined : () => writeRunBundle(out, db, runId);
    let error: string | undefined;
    try {
      await runPipeline(runId, {
        db, critic, loadWarmStart: readWarmStart, createEngine: engines.create, finetuned, apiKey: opts.llm?.apiKey,
        events: (e) => hooks.onEvent?.(name, e), signal: hooks.signal, checkpointEvery: opts.checkpointEvery, onResumePoint: save, gate: nextTurn,
      });
    } catch (e) {
      // Not enough data ends a run with a reason; the report still shows what it did.
      if ((e as Error).name !== 'NotEnoughData') throw e;
      error = (e as Error).message;
    }
    await save?.(); // with its final status
    const iterations = await runReport(db, runId, config);
    hooks.onRunDone?.(name, iterations, error);
    return { runId, iterations, error };
  };

  try {
    const main = await runOne(opts.config.method, startConfig);
    const report: ExperimentReport = { config: startConfig, ...(opts.initHf !== undefined && { initHf: opts.initHf }), backend: opts.backend, iterations: main.iterations, seconds: 0 };
    if (main.error) report.error = main.error;
    if (opts.baselines || resumesBaselines(opts)) {
      const finetuned = await finetunedWeights(db, main.runId);
      report.baselines = {};
      for (const method of BASELINES.filter((m) => m !== opts.config.method)) {
        const run = await runOne(method, methodConfig(startConfig, method), finetuned);
        report.baselines[method] = { ...finalScores(run.iterations), ...(run.error && { error: run.error }) };
      }
    }
    report.seconds = Math.round((performance.now() - started) / 100) / 10;
    return { report, db, runIds };
  } finally {
    engines.close();
  }
}

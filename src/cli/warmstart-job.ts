// One warm-start build, resumable: weights + AdamW state and a JSON log under the state folder, rewritten atomically
// (write, then rename) every few steps; when the budget is reached, the checkpoint and its manifest entry are written.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngine, loadCheckpoint, restoreEngine, saveEngine, type Engine, type ModelConfig, type PresetName } from '../engine';
import { GpuRuntime } from '../gpu';
import { installDawn } from '../gpu/node-gpu';
import { tokenizerFor, type TokenizerChoice } from '../tokenizers';
import { heldOutProblems, scoreModel, trainWarmStart, type WarmStartScore, type WarmStartSettings } from '../tripost/warmstart';
import { warmStartName, type WarmStartManifest, type WarmStartEntry } from '../tripost/warmstart-manifest';
import { writeAtomic } from './write-atomic';

export interface WarmStartJob {
  settings: WarmStartSettings;
  preset: PresetName;
  tokenizer: TokenizerChoice;
  /** Weight initialisation seed. */
  seed: number;
  backend: 'webgpu' | 'cpu';
  minutes: number;
  /** Stop (resumable) once this step is reached: a build in pieces of known size. */
  untilStep?: number;
  evalEvery: number;
  /** Held-out problems per split for the measurements (the manifest's figures use 100). */
  evalProblems?: number;
  saveEvery: number;
  stateDir: string;
  outDir: string;
  modelOf: (vocabSize: number) => ModelConfig;
}

/** The log kept beside the state: how far it got, how long it took, accuracy against steps. */
export interface WarmStartLog {
  job: { settings: WarmStartSettings; preset: PresetName; tokenizer: TokenizerChoice; seed: number };
  step: number;
  seconds: number;
  curve: { step: number; loss: number; seenAccuracy?: number; seenSiFreq?: number; seenSiContrib?: number; seconds: number }[];
}

const EVAL_PROBLEMS = 100;

/** A share of the rows from some step (injected demonstrations, own attempts, rebalanced verdicts): may change only for steps not yet trained. */
const MIXES = [['improveFrom', 'improveShare', 'self-improvement demonstrations'], ['ownFrom', 'ownShare', 'own-attempt rows'], ['ownBalanceFrom', 'ownKeepCorrect', 'rebalanced own verdicts']] as const;

export async function buildWarmStart(job: WarmStartJob, say: (line: string) => void): Promise<WarmStartEntry | { step: number; of: number; resumable: true }> {
  const s = job.settings;
  const tok = tokenizerFor(job.tokenizer);
  const model = job.modelOf(tok.vocabSize);
  const name = warmStartName(s.task, s.level);
  await mkdir(job.stateDir, { recursive: true });
  const statePath = join(job.stateDir, `${name}.safetensors`);
  const logPath = join(job.stateDir, `${name}.json`);
  const jobKey = { settings: s, preset: job.preset, tokenizer: job.tokenizer, seed: job.seed };
  // The step budget may change between pieces (the cosine follows the new total), and feedback may start at a step
  // not yet trained; nothing else may.
  const unchecked = Object.fromEntries(['feedbackFrom', ...MIXES.flatMap(([from, share]) => [from, share])].map((k) => [k, undefined]));
  const bare = (j: WarmStartLog['job']) => JSON.stringify({ ...j, settings: { ...j.settings, steps: 0, ...unchecked } });
  const sameBuild = (saved: WarmStartLog['job']) => bare(saved) === bare(jobKey);

  const gpu = job.backend === 'webgpu' ? await GpuRuntime.create({ gpu: installDawn(), label: 'warmstart' }) : undefined;
  const engine: Engine = await createEngine({ backend: job.backend, config: model, seed: job.seed, gpu });
  try {
    let log: WarmStartLog = { job: jobKey, step: 0, seconds: 0, curve: [] };
    if (existsSync(logPath) && existsSync(statePath)) {
      const saved = JSON.parse(await readFile(logPath, 'utf8')) as WarmStartLog;
      if (!sameBuild(saved.job)) {
        throw new Error(`${logPath} belongs to another build (${JSON.stringify(saved.job)}); move it away or rerun with the same flags`);
      }
      if (saved.step > s.steps) throw new Error(`${logPath} is already at step ${saved.step}, past --steps ${s.steps}`);
      const was = saved.job.settings.feedbackFrom;
      if (was !== s.feedbackFrom && ((was !== undefined && was <= saved.step) || (s.feedbackFrom !== undefined && s.feedbackFrom < saved.step))) {
        throw new Error(`${logPath} is at step ${saved.step}: feedback from step ${was ?? 'never'} cannot become ${s.feedbackFrom ?? 'never'} for steps already trained`);
      }
      for (const [from, share, what] of MIXES) {
        const [was, now] = [saved.job.settings, s];
        const trained = (at: number | undefined) => at !== undefined && at < saved.step;
        if ((was[from] !== now[from] || was[share] !== now[share]) && (trained(was[from]) || trained(now[from]))) {
          throw new Error(`${logPath} is at step ${saved.step}: ${what} from step ${was[from] ?? 'never'} cannot change for steps already trained`);
        }
      }
      await restoreEngine(engine, loadCheckpoint(new Uint8Array(await readFile(statePath))));
      if (saved.job.settings.steps !== s.steps) say(`the budget changes from ${saved.job.settings.steps} to ${s.steps} steps; the learning rate follows the new cosine from step ${saved.step}`);
      log = { ...saved, job: jobKey };
      say(`resuming ${name} at step ${log.step} of ${s.steps} (${Math.round(log.seconds)} s so far)`);
    } else say(`starting ${name}: ${job.preset}, ${job.tokenizer} tokenizer (${tok.vocabSize} tokens), ${s.steps} steps of ${s.batchSize}`);

    const heldOut = heldOutProblems(s.task, s.level, 'seen', job.evalProblems ?? EVAL_PROBLEMS);
    const stopAt = Math.min(s.steps, job.untilStep ?? Infinity);
    const started = performance.now();
    const before = log.seconds;
    const secondsNow = () => before + (performance.now() - started) / 1000;
    const budgetEnds = performance.now() + job.minutes * 60_000;
    while (log.step < stopAt && performance.now() < budgetEnds) {
      const to = Math.min(stopAt, log.step + job.saveEvery);
      let lossSum = 0;
      let count = 0;
      await trainWarmStart(engine, tok, s, log.step, to, {
        onStep: ({ loss }) => {
          lossSum += loss;
          count++;
        },
      });
      log.step = to;
      const point: WarmStartLog['curve'][number] = { step: to, loss: lossSum / Math.max(1, count), seconds: 0 };
      if (to % job.evalEvery === 0 || to === s.steps) {
        const score = await scoreModel(engine, tok, heldOut, s.contextLength);
        Object.assign(point, { seenAccuracy: score.accuracy, seenSiFreq: score.siFreq, seenSiContrib: score.siContrib });
      }
      point.seconds = Math.round(secondsNow());
      log.curve.push(point);
      log.seconds = secondsNow();
      await writeAtomic(statePath, await saveEngine(engine, { tokenizer: tok.serialize(), optimizer: true }));
      await writeAtomic(logPath, JSON.stringify(log, null, 1));
      say(`step ${to}/${s.steps} loss ${point.loss.toFixed(4)}${point.seenAccuracy === undefined ? '' : ` seen accuracy ${point.seenAccuracy}, SI.Freq ${point.seenSiFreq}, SI.Contrib ${point.seenSiContrib}`} · ${point.seconds} s`);
    }
    if (log.step < s.steps) {
      say(`stopped at step ${log.step} of ${s.steps}; rerun the same command to go on`);
      return { step: log.step, of: s.steps, resumable: true };
    }
    return await finish(job, engine, log, name, say);
  } finally {
    engine.destroy();
    gpu?.destroy();
  }
}

/** The final measurement on held-out problems of both splits, the shipped checkpoint and its manifest entry. */
async function finish(job: WarmStartJob, engine: Engine, log: WarmStartLog, name: string, say: (line: string) => void): Promise<WarmStartEntry> {
  const s = job.settings;
  const tok = tokenizerFor(job.tokenizer);
  const n = job.evalProblems ?? EVAL_PROBLEMS;
  const score = async (split: 'seen' | 'unseen'): Promise<WarmStartScore> => scoreModel(engine, tok, heldOutProblems(s.task, s.level, split, n), s.contextLength);
  const seen = await score('seen');
  const unseen = await score('unseen');
  await mkdir(job.outDir, { recursive: true });
  const file = `${name}.safetensors`;
  const bytes = await saveEngine(engine, { tokenizer: tok.serialize() });
  await writeAtomic(join(job.outDir, file), bytes);
  const entry: WarmStartEntry = {
    name,
    file,
    bytes: bytes.length,
    task: s.task,
    level: s.level,
    preset: job.preset,
    tokenizer: job.tokenizer,
    steps: s.steps,
    batchSize: s.batchSize,
    lr: s.lr,
    dataSeed: s.dataSeed,
    initSeed: job.seed,
    backend: job.backend,
    wallSeconds: Math.round(log.seconds),
    evalProblems: n,
    seen: { accuracy: seen.accuracy, majority: seen.majority },
    unseen: { accuracy: unseen.accuracy, majority: unseen.majority },
    curve: log.curve.filter((p) => p.seenAccuracy !== undefined).map((p) => ({ step: p.step, seenAccuracy: p.seenAccuracy! })),
    ...(s.feedbackFrom !== undefined && { feedbackFrom: s.feedbackFrom }),
    ...(s.improveFrom !== undefined && { improveFrom: s.improveFrom, improveShare: s.improveShare ?? 0 }),
    ...(s.ownFrom !== undefined && { ownFrom: s.ownFrom, ownShare: s.ownShare ?? 0 }),
    ...(s.ownBalanceFrom !== undefined && { ownBalanceFrom: s.ownBalanceFrom, ownKeepCorrect: s.ownKeepCorrect ?? 1 }),
    command: `npm run warmstart -- --task ${s.task} --level ${s.level} --preset ${job.preset} --tokenizer ${job.tokenizer} --steps ${s.steps} --batch ${s.batchSize} --lr ${s.lr} --data-seed ${s.dataSeed} --seed ${job.seed}${s.feedbackFrom === undefined ? '' : ` --feedback-from ${s.feedbackFrom}`}${s.improveFrom === undefined ? '' : ` --improve-from ${s.improveFrom} --improve-share ${s.improveShare ?? 0}`}${s.ownFrom === undefined ? '' : ` --own-from ${s.ownFrom} --own-share ${s.ownShare ?? 0}`}${s.ownBalanceFrom === undefined ? '' : ` --own-balance-from ${s.ownBalanceFrom} --own-keep-correct ${s.ownKeepCorrect ?? 1}`}`,
  };
  const manifestPath = join(job.outDir, 'manifest.json');
  const manifest: WarmStartManifest = existsSync(manifestPath) ? JSON.parse(await readFile(manifestPath, 'utf8')) : { checkpoints: [] };
  manifest.checkpoints = [...manifest.checkpoints.filter((c) => c.name !== name), entry].sort((a, b) => a.name.localeCompare(b.name));
  await writeAtomic(manifestPath, `${JSON.stringify(manifest, null, 1)}\n`);
  say(`${name}: seen accuracy ${seen.accuracy} (most frequent answer ${seen.majority.accuracy}), unseen ${unseen.accuracy}; wrote ${join(job.outDir, file)}`);
  return entry;
}

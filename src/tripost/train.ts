// Weighted fine-tuning: epochs over packed batches, AdamW with linear warmup then linear decay.
import type { Engine } from '../engine';
import type { Tokenizer } from '../engine/tokenizer';
import { fitContext, packBatches, tokenizeExample } from './batches';
import type { Example } from './postprocess';

export interface TrainSettings {
  epochs: number;
  lr: number;
  warmup: number; // fraction of all steps
  batchSize: number;
  contextLength: number;
  w: number;
  /** Weight of the prompt and attempt of improvement examples (RunConfig.attemptWeight); 1 when unset. */
  attemptWeight?: number;
  seed: number;
  weightDecay: number;
  gradClip: number;
  beta1: number;
  beta2: number;
}

export interface TrainHooks {
  signal?: AbortSignal;
  /** Awaited before every step: pause blocks here. */
  beforeStep?: () => Promise<void>;
  onStep?: (p: { step: number; total: number; loss: number; lr: number; gradNorm: number }) => void;
  /** Steps already done (a resumed stage, its weights and optimizer restored): their batches are skipped. */
  startStep?: number;
  /** Asked after each step is queued; when true, the step lands and `checkpoint` is awaited. */
  checkpointDue?: (step: number) => boolean;
  /** Stores the state after `step` steps, every onStep up to it having run; on Stop too, for the steps that landed. */
  checkpoint?: (p: { step: number; total: number }) => Promise<void>;
}

export interface TrainSummary {
  steps: number;
  examples: number;
  tooLong: number;
  firstLoss: number;
  lastLoss: number;
}

/** Linear warmup over the first `warmup` of the steps, then linear decay to zero. */
export function learningRate(step: number, total: number, peak: number, warmup: number): number {
  const warm = Math.max(1, Math.round(total * warmup));
  if (step < warm) return (peak * (step + 1)) / warm;
  return (peak * Math.max(0, total - step)) / Math.max(1, total - warm);
}

export async function trainOn(engine: Engine, tok: Tokenizer, examples: Example[], s: TrainSettings, hooks: TrainHooks = {}): Promise<TrainSummary> {
  const { fit, tooLong } = fitContext(examples.map((e) => tokenizeExample(e, tok, s.w, s.attemptWeight ?? 1)), s.contextLength);
  // Seeded per epoch, so a resumed stage packs the same batches and skips those it had done.
  const batches = Array.from({ length: s.epochs }, (_, e) => packBatches(fit, s.batchSize, s.contextLength, s.seed * 1000 + e, tok.pad)).flat();
  const total = batches.length;
  const summary: TrainSummary = { steps: total, examples: fit.length, tooLong, firstLoss: NaN, lastLoss: NaN };
  let landed = hooks.startStep ?? 0;
  let saved = landed;
  const checkpoint = async () => {
    if (!hooks.checkpoint || landed === saved) return;
    await hooks.checkpoint({ step: landed, total });
    saved = landed;
  };
  const queue = new StepQueue();
  try {
    for (let step = landed; step < total; step++) {
      hooks.signal?.throwIfAborted();
      await hooks.beforeStep?.();
      const lr = learningRate(step, total, s.lr, s.warmup);
      await queue.push(
        engine
          .trainStep(batches[step], { lr, beta1: s.beta1, beta2: s.beta2, eps: 1e-8, weightDecay: s.weightDecay, gradClip: s.gradClip })
          .then(({ loss, gradNorm }) => {
            if (step === 0) summary.firstLoss = loss;
            summary.lastLoss = loss;
            landed = step + 1;
            hooks.onStep?.({ step: step + 1, total, loss, lr, gradNorm });
          }),
      );
      // The last step needs none: the stage's end stores its weights.
      if (step + 1 < total && hooks.checkpointDue?.(step + 1)) {
        await queue.drain();
        await checkpoint();
      }
    }
    await queue.drain();
  } catch (err) {
    if ((err as Error)?.name !== 'AbortError') throw err;
    // A Stop keeps every step that landed; a checkpoint that fails then only loses the steps since the last one.
    await queue.settle();
    await checkpoint().catch(() => undefined);
    throw err;
  } finally {
    await queue.settle();
  }
  return summary;
}

/**
 * One training step stays in flight: the next batch is queued before the last step's loss is read back. After a stop
 * or an error, settle() lets the step in flight land before the caller destroys the engine (its readback would
 * otherwise reject unheard); that step's own failure is not the one to report.
 */
export class StepQueue {
  #pending: Promise<void> | null = null;

  /** Queues `step` and waits for the one before it. */
  async push(step: Promise<void>): Promise<void> {
    const before = this.#pending;
    this.#pending = step;
    if (before) await before;
  }

  async drain(): Promise<void> {
    const last = this.#pending;
    this.#pending = null;
    if (last) await last;
  }

  async settle(): Promise<void> {
    const last = this.#pending;
    this.#pending = null;
    if (last) await last.catch(() => undefined);
  }
}

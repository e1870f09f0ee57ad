// Training throughput, ours vs the same model in TensorFlow.js (bench/tfjs-llama.ts), same device, same process;
// plus what one of our steps costs: submits, buffers created, dispatches.
import { createEngine, presetConfig, type PresetName } from '../src/engine';
import { bufferStats, dispatchStats, submitStats, type GpuRuntime } from '../src/gpu';
import { randomBatch } from '../test/helpers/batches';
import { loadTfjsWebgpu } from './matmul';
import { TfjsLlama } from './tfjs-llama';

export interface TrainBenchRow {
  preset: PresetName;
  batch: number;
  seq_len: number;
  ours_tokens_per_s: number;
  tfjs_tokens_per_s: number;
  ratio: number;
  submits_per_step: number;
  buffers_created_per_step: number;
  dispatches_per_step: number;
}

const VOCAB = 96; // the character tokenizer's size, roughly
const HYPER = { lr: 1e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.01, gradClip: 1 };

export async function benchTrain(gpu: GpuRuntime, opts: { presets: PresetName[]; batch: number; quick: boolean }): Promise<TrainBenchRow[]> {
  const tf = await loadTfjsWebgpu();
  const rows: TrainBenchRow[] = [];
  for (const preset of opts.presets) {
    const config = presetConfig(preset, VOCAB);
    const T = config.maxSeqLen;
    const B = opts.batch;
    const steps = opts.quick ? 1 : 10;
    const batch = randomBatch(VOCAB, B, T, 1);

    const engine = await createEngine({ backend: 'webgpu', config, seed: 1, gpu });
    const peer = new TfjsLlama(config, T);
    for (let i = 0; i < (opts.quick ? 1 : 2); i++) {
      await engine.trainStep(batch, HYPER); // the first builds pipelines and the shape plan
      await peer.trainStep(batch);
    }

    // Alternate ours and tfjs and keep each one's best round: the machine is shared and its load drifts.
    let ours = Infinity;
    let theirs = Infinity;
    let stats = { submits: 0, buffers: 0, dispatches: 0 };
    for (let round = 0; round < (opts.quick ? 2 : 3); round++) {
      const before = { buffers: bufferStats.created, submits: submitStats.submitted, dispatches: dispatchStats.recorded };
      let t0 = performance.now();
      let last: Promise<unknown> = Promise.resolve();
      for (let i = 0; i < steps; i++) last = engine.trainStep(batch, HYPER); // queued back to back: readback never stalls
      await last;
      ours = Math.min(ours, (performance.now() - t0) / 1000 / steps);
      const per = (n: number) => n / steps;
      stats = {
        submits: per(submitStats.submitted - before.submits),
        buffers: per(bufferStats.created - before.buffers),
        dispatches: per(dispatchStats.recorded - before.dispatches),
      };
      t0 = performance.now();
      for (let i = 0; i < steps; i++) await peer.trainStep(batch);
      theirs = Math.min(theirs, (performance.now() - t0) / 1000 / steps);
    }
    engine.destroy();
    peer.dispose();
    tf.disposeVariables();

    const tokens = B * T;
    rows.push({
      preset, batch: B, seq_len: T,
      ours_tokens_per_s: round(tokens / ours), tfjs_tokens_per_s: round(tokens / theirs), ratio: round(theirs / ours, 2),
      submits_per_step: stats.submits, buffers_created_per_step: stats.buffers, dispatches_per_step: stats.dispatches,
    });
  }
  return rows;
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

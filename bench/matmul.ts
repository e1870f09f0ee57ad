// Matmul GFLOP/s, ours vs TensorFlow.js's WebGPU backend, square n×n×n, same device, same process.
// Each variant is the layout the model uses: forward A·Bᵀ, backward_input A·B, backward_weight Aᵀ·B.
import { defaultKernelFamily, GpuRuntime, recordPass, uploadBuffer, type Dispatch, type KernelFamily } from '../src/gpu';
import { installDawn } from '../src/gpu/node-gpu';
import { matmulDispatches, type MatmulVariant } from '../src/engine/ops/matmul';

type Tf = typeof import('@tensorflow/tfjs-core');

export interface MatmulBenchRow {
  n: number;
  variant: MatmulVariant;
  /** Our kernel for the whole tiles on this device (the engine's choice). */
  kernel: KernelFamily;
  ours_gflops: number;
  tfjs_gflops: number;
  ratio: number;
}

const VARIANTS: { variant: MatmulVariant; transposeA: boolean; transposeB: boolean }[] = [
  { variant: 'forward', transposeA: false, transposeB: true },
  { variant: 'backward_input', transposeA: false, transposeB: false },
  { variant: 'backward_weight', transposeA: true, transposeB: false },
];

/** Seconds per run: one warm-up, a calibration run, then enough runs to fill `targetS`, fenced at the end. */
export async function timeRuns(run: () => void, fence: () => Promise<void>, targetS: number, maxRuns = 50): Promise<number> {
  run();
  await fence();
  let t0 = performance.now();
  run();
  await fence();
  const once = (performance.now() - t0) / 1000;
  const runs = Math.max(2, Math.min(maxRuns, Math.ceil(targetS / Math.max(once, 1e-6))));
  t0 = performance.now();
  for (let i = 0; i < runs; i++) run();
  await fence();
  return (performance.now() - t0) / 1000 / runs;
}

/** tfjs on Dawn: the backend registers only if navigator.gpu exists when its module is first imported. */
export async function loadTfjsWebgpu(): Promise<Tf> {
  installDawn();
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs: the webgpu backend did not start on Dawn');
  await tf.ready();
  return tf;
}

/** Fence for tfjs: flush its deferred command encoder, then wait for the queue. */
export async function tfjsFence(tf: Tf): Promise<void> {
  const backend = tf.backend() as unknown as { commandEncoder: GPUCommandEncoder | null; endComputePassEncoder(): void; submitQueue(): void; device: GPUDevice };
  if (backend.commandEncoder) {
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
  await backend.device.queue.onSubmittedWorkDone();
}

function randomData(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

export async function benchMatmul(opts: { sizes: number[]; quick: boolean }): Promise<MatmulBenchRow[]> {
  installDawn();
  const gpu = await GpuRuntime.create({ label: 'bench-matmul' });
  const tf = await loadTfjsWebgpu();
  const targetS = opts.quick ? 0.3 : 1.5;
  const rows: MatmulBenchRow[] = [];
  try {
    for (const n of opts.sizes) {
      const dataA = randomData(n * n, 1);
      const dataB = randomData(n * n, 2);
      const a = uploadBuffer(gpu.device, 'bench.a', dataA); // (n, n)
      const b = uploadBuffer(gpu.device, 'bench.b', dataB); // (n, n)
      const c = uploadBuffer(gpu.device, 'bench.c', new Float32Array(n * n)); // (n, n)
      const ta = tf.tensor2d(dataA, [n, n]);
      const tb = tf.tensor2d(dataB, [n, n]);
      const flops = 2 * n ** 3;
      for (const { variant, transposeA, transposeB } of VARIANTS) {
        const dispatches: Dispatch[] = await matmulDispatches(gpu, variant, c, a, b, n, n, n);
        let last: { dispose(): void } | undefined;
        let ours = Infinity;
        let theirs = Infinity;
        // Alternate ours and tfjs and keep each one's best round: the machine is shared and noisy.
        for (let round = 0; round < (opts.quick ? 2 : 3); round++) {
          const oursRound = await timeRuns(
            () => {
              const encoder = gpu.device.createCommandEncoder({ label: 'bench.matmul' });
              recordPass(encoder, 'bench.matmul', dispatches);
              gpu.submit(encoder);
            },
            () => gpu.device.queue.onSubmittedWorkDone(),
            targetS,
          );
          const theirsRound = await timeRuns(
            () => {
              const r = tf.tidy(() => tf.matMul(ta, tb, transposeA, transposeB));
              last?.dispose();
              last = r;
            },
            () => tfjsFence(tf),
            targetS,
          );
          ours = Math.min(ours, oursRound);
          theirs = Math.min(theirs, theirsRound);
        }
        last?.dispose();
        const ours_gflops = flops / ours / 1e9;
        const tfjs_gflops = flops / theirs / 1e9;
        rows.push({ n, variant, kernel: defaultKernelFamily(gpu.info), ours_gflops: round(ours_gflops), tfjs_gflops: round(tfjs_gflops), ratio: round(ours_gflops / tfjs_gflops) });
      }
      ta.dispose();
      tb.dispose();
      for (const buf of [a, b, c]) buf.destroy();
    }
  } finally {
    gpu.destroy();
  }
  return rows;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

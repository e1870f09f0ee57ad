// AdamW on the GPU: a two-stage Σg² reduction, then one dispatch over the flat parameter buffer that
// reads the norm from the GPU to clip. Hyperparameters change per step through update() (one writeBuffer).
import { createBuffer, destroyDispatches, grid1d, makeDispatch, uniformBuffer, UNIFORM, type BufferRef, type Dispatch, type GpuRuntime } from '../../gpu';
import code from '../../../shaders/adamw.wgsl?raw';

const WG = 256;
const NORM_WG = 256;
const MAX_PARTIALS = 1024; // first-stage workgroups; the second stage sums them in one workgroup

/** The per-step AdamW settings; gradClip ≤ 0 turns clipping off. */
export interface AdamwUpdate {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  gradClip: number;
  /** 1-based step count, for bias correction. */
  step: number;
}

/** normSq (1) f32 receives Σ grads² when the dispatches run; read it back whenever convenient. */
export async function gradNormSquared(gpu: GpuRuntime, grads: BufferRef /*(n)*/, n: number): Promise<Dispatch[] & { normSq: GPUBuffer }> {
  const { device } = gpu;
  const [pPartial, pFinal] = await Promise.all([
    gpu.kernels.pipeline({ shader: 'adamw', code, entryPoint: 'norm_partial', constants: { NORM_WG } }),
    gpu.kernels.pipeline({ shader: 'adamw', code, entryPoint: 'norm_final', constants: { NORM_WG } }),
  ]);
  const partials = Math.max(1, Math.min(MAX_PARTIALS, Math.ceil(n / NORM_WG)));
  const partial = createBuffer(device, 'adamw.norm_partials', partials * 4);
  const normSq = createBuffer(device, 'adamw.norm_sq', 4);
  const params = uniformBuffer(device, 'adamw.norm_params', [n, partials]);
  const dispatches = [
    makeDispatch(device, 'adamw.norm_partial', pPartial, [grads, partial, params], [partials], [partial, params]),
    makeDispatch(device, 'adamw.norm_final', pFinal, [partial, normSq, params], [1], [normSq]),
  ];
  return Object.assign(dispatches, { normSq });
}

/** One AdamW step over params, m, v (n floats each); decay on [0, decayEnd); clip factor from normSq (1) on the GPU. */
export async function adamwStep(
  gpu: GpuRuntime,
  params: BufferRef, // (n)
  grads: BufferRef, // (n)
  m: BufferRef, // (n)
  v: BufferRef, // (n)
  n: number,
  decayEnd: number,
  normSq: BufferRef, // (1) Σ g², from gradNormSquared
): Promise<Dispatch[] & { update(h: AdamwUpdate): void }> {
  const { device } = gpu;
  const pipeline = await gpu.kernels.pipeline({ shader: 'adamw', code, entryPoint: 'step', constants: { WG } });
  const raw = new ArrayBuffer(48); // StepParams, 10 words padded to 16 bytes
  const u32 = new Uint32Array(raw);
  const f32 = new Float32Array(raw);
  const uniform = createBuffer(device, 'adamw.step_params', raw.byteLength, UNIFORM);
  u32[0] = n;
  u32[1] = decayEnd;
  const update = (h: AdamwUpdate) => {
    f32[2] = h.lr;
    f32[3] = h.beta1;
    f32[4] = h.beta2;
    f32[5] = h.eps;
    f32[6] = h.weightDecay;
    f32[7] = 1 - Math.pow(h.beta1, h.step);
    f32[8] = 1 - Math.pow(h.beta2, h.step);
    f32[9] = h.gradClip;
    device.queue.writeBuffer(uniform, 0, raw);
  };
  const dispatches = [makeDispatch(device, 'adamw.step', pipeline, [params, grads, uniform, m, v, normSq], grid1d(Math.ceil(n / WG)), [uniform])];
  return Object.assign(dispatches, { update });
}

/** Norm then step, as one list of dispatches for one pass; normBuffer (1) holds Σ g² of the last step. */
export interface AdamwProgram {
  dispatches: Dispatch[];
  normBuffer: GPUBuffer;
  update(h: AdamwUpdate): void;
}

export async function createAdamw(
  gpu: GpuRuntime,
  b: { params: BufferRef; grads: BufferRef; m: BufferRef; v: BufferRef; n: number; decayEnd: number },
): Promise<AdamwProgram> {
  const norm = await gradNormSquared(gpu, b.grads, b.n);
  const step = await adamwStep(gpu, b.params, b.grads, b.m, b.v, b.n, b.decayEnd, norm.normSq).catch((err: unknown) => {
    destroyDispatches(norm); // its partials and uniform would have no owner left
    throw err;
  });
  return { dispatches: [...norm, ...step], normBuffer: norm.normSq, update: step.update };
}

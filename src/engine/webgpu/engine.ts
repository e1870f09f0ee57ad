// The `webgpu` backend: flat parameter, gradient and Adam buffers on the device; one submit per training step.
import { createBuffer, destroyDispatches, DeviceLimitError, readFloat32, recordPass, writeArray, type GpuRuntime } from '../../gpu';
import type { ModelConfig } from '../config';
import {
  checkBatch, flatOptimizerState, namedOptimizerState, type Batch, type Engine, type GenerateOptions, type GenerateResult, type TrainHyper, type TrainingState,
} from '../engine';
import { buildParamTable, flatten, initParams, unflatten, type ParamTable } from '../params';
import { normaliseWeights } from '../reference/model';
import { createAdamw, type AdamwProgram } from '../ops/adamw';
import { ShapePlan } from './plan';
import { ReadbackRing } from './readback';
import { largestActivation } from './memory';
import { GpuDecoder } from './generate';

export class WebGpuEngine implements Engine {
  readonly backend = 'webgpu' as const;
  readonly table: ParamTable;
  step = 0;
  private params: GPUBuffer;
  private grads: GPUBuffer;
  private m: GPUBuffer;
  private v: GPUBuffer;
  private adamw!: AdamwProgram;
  private plans = new Map<string, Promise<ShapePlan>>();
  private readback: ReadbackRing;
  private normWeights = new Float32Array(0);
  private serial: Promise<unknown> = Promise.resolve();
  private decoder: GpuDecoder | null = null;

  private constructor(
    readonly gpu: GpuRuntime,
    readonly config: ModelConfig,
    seed: number,
  ) {
    this.table = buildParamTable(config);
    const bytes = this.table.total * 4;
    const { device } = gpu;
    this.params = createBuffer(device, 'params (flat)', bytes);
    this.grads = createBuffer(device, 'grads (flat)', bytes);
    this.m = createBuffer(device, 'adam m (flat)', bytes);
    this.v = createBuffer(device, 'adam v (flat)', bytes);
    writeArray(device, this.params, initParams(this.table, config, seed));
    this.readback = new ReadbackRing(device);
  }

  static async create(gpu: GpuRuntime, config: ModelConfig, seed: number): Promise<WebGpuEngine> {
    checkDeviceFits(gpu, config, buildParamTable(config).total);
    const engine = new WebGpuEngine(gpu, config, seed);
    try {
      engine.adamw = await createAdamw(gpu, {
        params: engine.params, grads: engine.grads, m: engine.m, v: engine.v, n: engine.table.total, decayEnd: engine.table.decayEnd,
      });
    } catch (err) {
      engine.destroy();
      throw err;
    }
    return engine;
  }

  private plan(B: number, T: number): Promise<ShapePlan> {
    const key = `${B}x${T}`;
    let plan = this.plans.get(key);
    if (!plan) {
      const largest = largestActivation(this.config, B, T);
      if (largest * 4 > this.gpu.info.limits.maxStorageBufferBindingSize) {
        throw new DeviceLimitError(`A batch of ${B}×${T} needs a ${mib(largest * 4)} activation buffer, over this device's maxStorageBufferBindingSize (${mib(this.gpu.info.limits.maxStorageBufferBindingSize)}); use a smaller batch or sequence.`);
      }
      plan = ShapePlan.build(this.gpu, this.config, this.table, { params: this.params, grads: this.grads }, B, T);
      this.plans.set(key, plan);
    }
    return plan;
  }

  private async upload(batch: Batch): Promise<ShapePlan> {
    checkBatch(batch, this.config);
    const plan = await this.guard(this.plan(batch.batchSize, batch.seqLen));
    if (this.normWeights.length !== plan.N) this.normWeights = new Float32Array(plan.N);
    normaliseWeights(batch.weights, this.normWeights);
    plan.writeBatch(batch.tokens, batch.targets, this.normWeights);
    return plan;
  }

  private encodeLossAndGrads(encoder: GPUCommandEncoder, plan: ShapePlan): void {
    encoder.clearBuffer(this.grads);
    for (const b of plan.zeroed) encoder.clearBuffer(b);
    recordPass(encoder, 'forward+backward', [...plan.forward, ...plan.lossGradPass, ...plan.backward]);
  }

  async loss(batch: Batch): Promise<number> {
    const { pending } = await this.inOrder(async () => {
      const plan = await this.upload(batch);
      const encoder = this.gpu.device.createCommandEncoder({ label: 'loss' });
      recordPass(encoder, 'forward', [...plan.forward, ...plan.lossPass]);
      const read = await this.readback.record(encoder, plan.losses, plan.N, null);
      this.gpu.submit(encoder);
      return { pending: read() };
    });
    return sum((await this.guard(pending)).losses);
  }

  async gradients(batch: Batch): Promise<Record<string, Float32Array>> {
    const flat = await this.inOrder(async () => {
      const plan = await this.upload(batch);
      const encoder = this.gpu.device.createCommandEncoder({ label: 'gradients' });
      this.encodeLossAndGrads(encoder, plan);
      this.gpu.submit(encoder);
      return this.readFlat(this.grads);
    });
    return unflatten(this.table, flat);
  }

  /**
   * One encoder, one submit; the loss comes back through a mapped ring buffer, so a caller may queue the
   * next step before this one's loss is read (steps still reach the GPU in call order).
   */
  async trainStep(batch: Batch, h: TrainHyper): Promise<{ loss: number; gradNorm: number }> {
    const { pending } = await this.inOrder(async () => {
      const plan = await this.upload(batch);
      this.step++;
      this.adamw.update({ ...h, step: this.step });
      const encoder = this.gpu.device.createCommandEncoder({ label: `train step ${this.step}` });
      this.encodeLossAndGrads(encoder, plan);
      recordPass(encoder, 'adamw', this.adamw.dispatches);
      const read = await this.readback.record(encoder, plan.losses, plan.N, this.adamw.normBuffer);
      this.gpu.submit(encoder);
      return { pending: read() };
    });
    const { losses, normSquared } = await this.guard(pending);
    return { loss: sum(losses), gradNorm: Math.sqrt(normSquared) };
  }

  /**
   * Runs `work` after every earlier call's GPU work was submitted: uploads, uniform updates and submits of
   * concurrent calls never interleave, whatever their plan building or readback waits.
   */
  private inOrder<T>(work: () => Promise<T>): Promise<T> {
    const run = this.serial.then(work);
    this.serial = run.catch(() => {});
    return run;
  }

  /** One flat (total) buffer back to the CPU; call inside inOrder so earlier submits are included. */
  private readFlat(buffer: GPUBuffer): Promise<Float32Array> {
    return this.guard(readFloat32(this.gpu.device, buffer, this.table.total));
  }

  async readParams(): Promise<Record<string, Float32Array>> {
    return unflatten(this.table, await this.inOrder(() => this.readFlat(this.params)));
  }

  async writeParams(p: Record<string, Float32Array>): Promise<void> {
    const flat = flatten(this.table, p);
    await this.inOrder(async () => writeArray(this.gpu.device, this.params, flat));
  }

  /** The moments of the AdamW op's flat buffers; the step as counted by the calls queued before. */
  async readOptimizerState(): Promise<Required<TrainingState>> {
    return this.inOrder(async () => {
      const step = this.step;
      const [m, v] = await Promise.all([this.readFlat(this.m), this.readFlat(this.v)]);
      return namedOptimizerState(this.table, step, m, v);
    });
  }

  async writeOptimizerState(s: TrainingState): Promise<void> {
    const flat = flatOptimizerState(this.table, s);
    await this.inOrder(async () => {
      writeArray(this.gpu.device, this.m, flat.m);
      writeArray(this.gpu.device, this.v, flat.v);
      this.step = flat.step; // the next trainStep's bias correction uses step + 1
    });
  }

  /** KV-cache generation on the GPU (src/engine/webgpu/generate.ts), sharing the flat parameter buffer. */
  async generate(prompts: Int32Array[], opts: GenerateOptions): Promise<GenerateResult> {
    this.decoder ??= new GpuDecoder(this.gpu, this.config, this.table, this.params);
    const decoder = this.decoder;
    return this.inOrder(() => this.guard(decoder.run(prompts, opts)));
  }

  /** Flat parameter buffer, for generation plans that share the weights. */
  get paramsBuffer(): GPUBuffer {
    return this.params;
  }

  /** Rejects with DeviceLost if the device goes away while `work` is pending. */
  private guard<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.gpu.info.lost.then((err) => Promise.reject(err))]);
  }

  /** Frees every buffer this engine created; plans still building are freed when they finish. */
  destroy(): void {
    for (const plan of this.plans.values()) plan.then((p) => p.destroy(), () => {});
    this.plans.clear();
    this.readback.destroy();
    this.decoder?.destroy();
    if (this.adamw) destroyDispatches(this.adamw.dispatches);
    for (const b of [this.params, this.grads, this.m, this.v]) b.destroy();
  }
}

function checkDeviceFits(gpu: GpuRuntime, config: ModelConfig, totalFloats: number): void {
  const { maxStorageBufferBindingSize, maxBufferSize } = gpu.info.limits;
  const bytes = totalFloats * 4;
  const limit = Math.min(maxStorageBufferBindingSize, maxBufferSize);
  if (bytes > limit) {
    const which = maxStorageBufferBindingSize <= maxBufferSize ? 'maxStorageBufferBindingSize' : 'maxBufferSize';
    throw new DeviceLimitError(`The model's ${totalFloats.toLocaleString()} parameters need ${mib(bytes)}, over this device's ${which} (${mib(limit)}); choose a smaller model.`);
  }
  const oneToken = largestActivation(config, 1, 1);
  if (oneToken * 4 > maxStorageBufferBindingSize) {
    throw new DeviceLimitError(`Even one token needs ${mib(oneToken * 4)} of activations, over maxStorageBufferBindingSize (${mib(maxStorageBufferBindingSize)}).`);
  }
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function sum(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

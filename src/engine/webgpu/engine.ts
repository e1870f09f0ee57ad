// The `webgpu` backend: flat parameter, gradient and Adam buffers on the device; one submit per training step.
// With LoRA the base is frozen: its parameters only (param-buffers.ts: split over several buffers past maxBufferSize,
// matrices and embeddings f16 with halfBase); the adapters have their own flat params, grads and Adam moments, and
// AdamW (with the gradient-norm clip) runs over those.
import { allocateOrExplain, createBuffer, destroyDispatches, DeviceLimitError, readFloat32, recordPass, writeArray, type GpuRuntime } from '../../gpu';
import type { ModelConfig } from '../config';
import {
  checkBatch, flatOptimizerState, namedOptimizerState, type Batch, type Engine, type GenerateOptions, type GenerateResult, type TrainHyper, type TrainingState,
} from '../engine';
import { buildLoraTable, initLora, checkWithAdapters, namedWithAdapters, type LoraConfig, type LoraTable } from '../lora';
import { buildParamTable, checkNamed, initParams, tensorViews, unflatten, type ParamTable, type TensorTable } from '../params';
import { normaliseWeights } from '../reference/model';
import { createAdamw, type AdamwProgram } from '../ops/adamw';
import { ShapePlan } from './plan';
import { ReadbackRing } from './readback';
import { largestActivation } from './memory';
import { checkDeviceFits, mib } from './device-fits';
import { GpuDecoder } from './generate';
import type { LoraBuffers } from './lora-plan';
import { ParamBuffers } from './param-buffers';

/** What AdamW updates: the base, or the adapters when LoRA freezes it. */
interface Trainable {
  table: TensorTable;
  params: GPUBuffer;
  grads: GPUBuffer;
  decayEnd: number;
}

export class WebGpuEngine implements Engine {
  readonly backend = 'webgpu' as const;
  readonly table: ParamTable;
  readonly loraTable: LoraTable | null;
  step = 0;
  private params: ParamBuffers; // (P) the base: one f32 buffer, or for a frozen base several and/or f16
  private grads: GPUBuffer | null; // (P); null when LoRA freezes the base
  private adapters: LoraBuffers | null = null; // (Pa) params and grads of the adapters
  private trainable: Trainable;
  private m: GPUBuffer; // (trainable total)
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
    lora: LoraConfig | null,
    readonly halfBase: boolean,
  ) {
    this.table = buildParamTable(config);
    const bytes = this.table.total * 4;
    const { device } = gpu;
    this.params = new ParamBuffers(device, this.table, lora ? gpu.info.limits.maxBufferSize : Infinity, halfBase);
    this.params.write(tensorViews(this.table, initParams(this.table, config, seed)));
    if (lora) {
      const table = buildLoraTable(config, lora);
      this.loraTable = table;
      this.grads = null;
      this.adapters = { table, params: createBuffer(device, 'lora params (flat)', table.total * 4), grads: createBuffer(device, 'lora grads (flat)', table.total * 4) };
      writeArray(device, this.adapters.params, initLora(table, seed));
      // A and B both decay, as with PEFT under the Hugging Face Trainer (which exempts biases and norms only).
      this.trainable = { table, params: this.adapters.params, grads: this.adapters.grads!, decayEnd: table.total };
    } else {
      this.loraTable = null;
      this.grads = createBuffer(device, 'grads (flat)', bytes);
      this.trainable = { table: this.table, params: this.params.whole, grads: this.grads, decayEnd: this.table.decayEnd };
    }
    const trainableBytes = this.trainable.table.total * 4;
    this.m = createBuffer(device, 'adam m (flat)', trainableBytes);
    this.v = createBuffer(device, 'adam v (flat)', trainableBytes);
    this.readback = new ReadbackRing(device);
  }

  static async create(gpu: GpuRuntime, config: ModelConfig, seed: number, lora: LoraConfig | null = null, halfBase = false): Promise<WebGpuEngine> {
    if (halfBase && !gpu.info.features.shaderF16) throw new DeviceLimitError('This GPU has no shader-f16, so the frozen weights cannot be kept as f16: run without “Keep the frozen weights as f16” (--lora-half)');
    // AdamW binds what trains whole; a frozen base is only ever bound tensor by tensor (plans, generation).
    const smaller = lora ? 'choose a smaller model' : 'choose a smaller model, or train LoRA adapters on this one (its frozen weights are bound tensor by tensor)';
    checkDeviceFits(gpu, config, buildParamTable(config), lora ? 'tensors' : 'whole', smaller, halfBase);
    if (lora) checkDeviceFits(gpu, config, buildLoraTable(config, lora), 'whole', 'choose a smaller rank or fewer targets');
    const what = lora ? 'the frozen weights and the adapters with their gradients and Adam moments' : 'the weights, their gradients and Adam moments';
    const engine = await allocateOrExplain(gpu.device, what, () => new WebGpuEngine(gpu, config, seed, lora, halfBase), (e) => e.destroy());
    try {
      const t = engine.trainable;
      engine.adamw = await createAdamw(gpu, { params: t.params, grads: t.grads, m: engine.m, v: engine.v, n: t.table.total, decayEnd: t.decayEnd });
    } catch (err) {
      engine.destroy();
      throw err;
    }
    return engine;
  }

  get lora(): LoraConfig | null {
    return this.loraTable?.config ?? null;
  }

  private plan(B: number, T: number): Promise<ShapePlan> {
    const key = `${B}x${T}`;
    let plan = this.plans.get(key);
    if (!plan) {
      const lt = this.loraTable;
      const largest = largestActivation(this.config, B, T, lt && { perLayer: lt.perLayer, rank: lt.config.rank });
      if (largest * 4 > this.gpu.info.limits.maxStorageBufferBindingSize) {
        throw new DeviceLimitError(`A batch of ${B}×${T} needs a ${mib(largest * 4)} activation buffer, over this device's maxStorageBufferBindingSize (${mib(this.gpu.info.limits.maxStorageBufferBindingSize)}); use a smaller batch or sequence.`);
      }
      const build = () => ShapePlan.build(this.gpu, this.config, this.table, { params: this.params, grads: this.grads, lora: this.adapters }, B, T);
      plan = allocateOrExplain(this.gpu.device, `the activations of a batch of ${B}×${T} tokens`, build, (p) => p.destroy());
      this.plans.set(key, plan);
      plan.catch(() => this.plans.delete(key)); // a shape that did not fit may fit once memory is freed
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
    encoder.clearBuffer(this.trainable.grads);
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
      return this.readFlat(this.trainable.grads, this.trainable.table.total);
    });
    return unflatten(this.trainable.table, flat);
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

  /** One flat buffer (n floats) back to the CPU; call inside inOrder so earlier submits are included. */
  private readFlat(buffer: GPUBuffer, n: number): Promise<Float32Array> {
    return this.guard(readFloat32(this.gpu.device, buffer, n));
  }

  /** The base's tensors, and with LoRA the adapters' too (PEFT names). */
  async readParams(): Promise<Record<string, Float32Array>> {
    const ad = this.adapters;
    const [base, lora] = await this.inOrder(() => Promise.all([this.guard(this.params.read()), ad ? this.readFlat(ad.params, ad.table.total) : null]));
    return ad && lora ? namedWithAdapters(this.table, base, ad.table, lora) : unflatten(this.table, base);
  }

  /** Every base tensor; with LoRA the adapters all together or not at all (absent: they keep their values). */
  async writeParams(p: Record<string, Float32Array>): Promise<void> {
    const ad = this.adapters;
    // Checked before anything is written; the base goes from `p` to the device tensor by tensor (no flat copy).
    const adapters = ad ? checkWithAdapters(this.table, ad.table, p) : (checkNamed(this.table, p), null);
    await this.inOrder(async () => {
      this.params.write(p);
      if (ad && adapters) writeArray(this.gpu.device, ad.params, adapters);
    });
  }

  /** The moments of the AdamW op's flat buffers; the step as counted by the calls queued before. */
  async readOptimizerState(): Promise<Required<TrainingState>> {
    return this.inOrder(async () => {
      const step = this.step;
      const n = this.trainable.table.total;
      const [m, v] = await Promise.all([this.readFlat(this.m, n), this.readFlat(this.v, n)]);
      return namedOptimizerState(this.trainable.table, step, m, v);
    });
  }

  async writeOptimizerState(s: TrainingState): Promise<void> {
    const flat = flatOptimizerState(this.trainable.table, s);
    await this.inOrder(async () => {
      writeArray(this.gpu.device, this.m, flat.m);
      writeArray(this.gpu.device, this.v, flat.v);
      this.step = flat.step; // the next trainStep's bias correction uses step + 1
    });
  }

  /** KV-cache generation on the GPU (src/engine/webgpu/generate.ts), sharing the flat parameter buffer. */
  async generate(prompts: Int32Array[], opts: GenerateOptions): Promise<GenerateResult> {
    this.decoder ??= new GpuDecoder(this.gpu, this.config, this.table, this.params, this.loraBuffers);
    const decoder = this.decoder;
    return this.inOrder(() => this.guard(decoder.run(prompts, opts)));
  }

  /** The base's parameter buffers, for generation plans that share the weights. */
  get paramsBuffer(): ParamBuffers {
    return this.params;
  }

  /** The adapters' table and flat parameter buffer (LoRA), for generation plans that share them. */
  get loraBuffers(): LoraBuffers | null {
    return this.adapters && { ...this.adapters, grads: null };
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
    this.params.destroy();
    for (const b of [this.grads, this.adapters?.params, this.adapters?.grads, this.m, this.v]) b?.destroy();
  }
}

function sum(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

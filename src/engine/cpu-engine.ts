// The `cpu` backend: the reference model with AdamW, for tests and where WebGPU is missing.
// With LoRA the base is frozen: no base gradients or moments exist; AdamW runs over the adapters.
import type { ModelConfig } from './config';
import {
  checkBatch, flatOptimizerState, namedOptimizerState, type Batch, type Engine, type GenerateOptions, type GenerateResult, type TrainHyper, type TrainingState,
} from './engine';
import { runGeneration } from './generate';
import { CpuDecoder } from './generate-cpu';
import { buildLoraTable, initLora, checkWithAdapters, namedWithAdapters, type LoraConfig, type LoraTable } from './lora';
import { buildParamTable, flatten, initParams, unflatten, type ParamTable, type TensorTable } from './params';
import { roundToHalf } from './half';
import { adamwStep, clipScale, gradNormSquared } from './reference/adamw';
import { ReferenceModel } from './reference/model';

export class CpuEngine implements Engine {
  readonly backend = 'cpu' as const;
  readonly table: ParamTable;
  readonly loraTable: LoraTable | null;
  readonly model: ReferenceModel;
  /** What AdamW updates: the base, or the adapters when LoRA freezes it. */
  private readonly trainable: { table: TensorTable; params: Float32Array; grads: Float32Array; decayEnd: number };
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  step = 0;

  /** `halfBase`: the frozen base's matrices and embeddings rounded to f16, as the webgpu backend keeps them. */
  constructor(readonly config: ModelConfig, seed: number, lora: LoraConfig | null = null, readonly halfBase = false) {
    this.table = buildParamTable(config);
    const params = initParams(this.table, config, seed);
    if (halfBase) roundToHalf(params.subarray(0, this.table.decayEnd));
    if (lora) {
      const table = buildLoraTable(config, lora);
      const adapters = { table, params: initLora(table, seed), grads: new Float32Array(table.total) };
      this.loraTable = table;
      this.model = new ReferenceModel(config, this.table, params, null, Float32Array, adapters);
      this.trainable = { table, params: adapters.params, grads: adapters.grads, decayEnd: table.total }; // A and B decay, as in PEFT + Trainer
    } else {
      const grads = new Float32Array(this.table.total);
      this.loraTable = null;
      this.model = new ReferenceModel(config, this.table, params, grads);
      this.trainable = { table: this.table, params, grads, decayEnd: this.table.decayEnd };
    }
    this.m = new Float32Array(this.trainable.table.total);
    this.v = new Float32Array(this.trainable.table.total);
  }

  get lora(): LoraConfig | null {
    return this.loraTable?.config ?? null;
  }

  async loss(batch: Batch): Promise<number> {
    checkBatch(batch, this.config);
    return this.model.forward(batch.tokens, batch.targets, batch.weights, batch.batchSize, batch.seqLen);
  }

  private lossAndGrads(batch: Batch): number {
    checkBatch(batch, this.config);
    this.trainable.grads.fill(0);
    const loss = this.model.forward(batch.tokens, batch.targets, batch.weights, batch.batchSize, batch.seqLen);
    this.model.backward();
    return loss;
  }

  async gradients(batch: Batch): Promise<Record<string, Float32Array>> {
    this.lossAndGrads(batch);
    return unflatten(this.trainable.table, this.trainable.grads);
  }

  async trainStep(batch: Batch, h: TrainHyper): Promise<{ loss: number; gradNorm: number }> {
    const loss = this.lossAndGrads(batch);
    const { params, grads, table, decayEnd } = this.trainable;
    const normSquared = gradNormSquared(grads, table.total);
    const gradNorm = Math.sqrt(normSquared);
    const gradScale = clipScale(normSquared, h.gradClip);
    this.step++;
    adamwStep(params, grads, this.m, this.v, table.total, decayEnd, { ...h, step: this.step, gradScale });
    return { loss, gradNorm };
  }

  async readParams(): Promise<Record<string, Float32Array>> {
    const base = this.model.params as Float32Array;
    const ad = this.model.adapters;
    return ad ? namedWithAdapters(this.table, base, ad.table, ad.params as Float32Array) : unflatten(this.table, base);
  }

  async writeParams(p: Record<string, Float32Array>): Promise<void> {
    const ad = this.model.adapters;
    if (!ad) {
      flatten(this.table, p, this.model.params as Float32Array);
      return;
    }
    const adapters = checkWithAdapters(this.table, ad.table, p); // checks everything before writing anything
    flatten(this.table, p, this.model.params as Float32Array);
    if (this.halfBase) roundToHalf((this.model.params as Float32Array).subarray(0, this.table.decayEnd));
    if (adapters) ad.params.set(adapters);
  }

  async readOptimizerState(): Promise<Required<TrainingState>> {
    return namedOptimizerState(this.trainable.table, this.step, this.m, this.v);
  }

  async writeOptimizerState(s: TrainingState): Promise<void> {
    const flat = flatOptimizerState(this.trainable.table, s);
    this.m.set(flat.m);
    this.v.set(flat.v);
    this.step = flat.step;
  }

  async generate(prompts: Int32Array[], opts: GenerateOptions): Promise<GenerateResult> {
    return runGeneration(new CpuDecoder(this.config, this.table, this.model.params, this.model.adapters), this.config, prompts, opts);
  }

  destroy(): void {}
}

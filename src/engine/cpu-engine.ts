// The `cpu` backend: the reference model with AdamW, for tests and where WebGPU is missing.
import type { ModelConfig } from './config';
import {
  checkBatch, flatOptimizerState, namedOptimizerState, type Batch, type Engine, type GenerateOptions, type GenerateResult, type TrainHyper, type TrainingState,
} from './engine';
import { runGeneration } from './generate';
import { CpuDecoder } from './generate-cpu';
import { buildParamTable, flatten, initParams, unflatten, type ParamTable } from './params';
import { adamwStep, clipScale, gradNormSquared } from './reference/adamw';
import { ReferenceModel } from './reference/model';

export class CpuEngine implements Engine {
  readonly backend = 'cpu' as const;
  readonly table: ParamTable;
  readonly model: ReferenceModel;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  step = 0;

  constructor(readonly config: ModelConfig, seed: number) {
    this.table = buildParamTable(config);
    const params = initParams(this.table, config, seed);
    this.model = new ReferenceModel(config, this.table, params, new Float32Array(this.table.total));
    this.m = new Float32Array(this.table.total);
    this.v = new Float32Array(this.table.total);
  }

  async loss(batch: Batch): Promise<number> {
    checkBatch(batch, this.config);
    return this.model.forward(batch.tokens, batch.targets, batch.weights, batch.batchSize, batch.seqLen);
  }

  private lossAndGrads(batch: Batch): number {
    checkBatch(batch, this.config);
    this.model.grads.fill(0);
    const loss = this.model.forward(batch.tokens, batch.targets, batch.weights, batch.batchSize, batch.seqLen);
    this.model.backward();
    return loss;
  }

  async gradients(batch: Batch): Promise<Record<string, Float32Array>> {
    this.lossAndGrads(batch);
    return unflatten(this.table, this.model.grads as Float32Array);
  }

  async trainStep(batch: Batch, h: TrainHyper): Promise<{ loss: number; gradNorm: number }> {
    const loss = this.lossAndGrads(batch);
    const normSquared = gradNormSquared(this.model.grads, this.table.total);
    const gradNorm = Math.sqrt(normSquared);
    const gradScale = clipScale(normSquared, h.gradClip);
    this.step++;
    adamwStep(this.model.params, this.model.grads, this.m, this.v, this.table.total, this.table.decayEnd, {
      ...h,
      step: this.step,
      gradScale,
    });
    return { loss, gradNorm };
  }

  async readParams(): Promise<Record<string, Float32Array>> {
    return unflatten(this.table, this.model.params as Float32Array);
  }

  async writeParams(p: Record<string, Float32Array>): Promise<void> {
    flatten(this.table, p, this.model.params as Float32Array);
  }

  async readOptimizerState(): Promise<Required<TrainingState>> {
    return namedOptimizerState(this.table, this.step, this.m, this.v);
  }

  async writeOptimizerState(s: TrainingState): Promise<void> {
    const flat = flatOptimizerState(this.table, s);
    this.m.set(flat.m);
    this.v.set(flat.v);
    this.step = flat.step;
  }

  async generate(prompts: Int32Array[], opts: GenerateOptions): Promise<GenerateResult> {
    return runGeneration(new CpuDecoder(this.config, this.table, this.model.params), this.config, prompts, opts);
  }

  destroy(): void {}
}

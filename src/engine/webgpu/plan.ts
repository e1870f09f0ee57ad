// The GPU model for one batch shape (B, T): every activation buffer and every dispatch of the forward and
// backward, built once and replayed each step. Mirrors src/engine/reference/model.ts line for line.
// With LoRA the base is frozen (no base grads buffer): its backward computes activation gradients only, and the
// adapters (lora-plan.ts) add their outputs after each base matmul and take their gradients beside it.
import { collectDispatches, createBuffer, destroyDispatches, writeArray, type Dispatch, type GpuRuntime } from '../../gpu';
import { headDim, qkvDim, type ModelConfig } from '../config';
import { paramBinding, type ParamTable } from '../params';
import { ropeOf } from '../rope-frequencies';
import * as attention from '../ops/attention';
import * as crossEntropy from '../ops/cross_entropy';
import * as embedding from '../ops/embedding';
import * as matmul from '../ops/matmul';
import * as residual from '../ops/residual';
import * as rmsnorm from '../ops/rmsnorm';
import * as rope from '../ops/rope';
import * as swiglu from '../ops/swiglu';
import type { LoraSite } from '../lora';
import { LoraSites, loraSlotFloats, savedLoraStore, type LoraBuffers } from './lora-plan';
import type { ParamBuffers } from './param-buffers';

export interface FlatBuffers {
  params: ParamBuffers; // (P)
  grads: GPUBuffer | null; // (P); null: the base is frozen (LoRA)
  lora: LoraBuffers | null;
}

/** Per-batch inputs, written with queue.writeBuffer before each submit. */
export interface BatchBuffers {
  tokens: GPUBuffer; // (N) i32
  targets: GPUBuffer; // (N) i32
  weights: GPUBuffer; // (N) f32, normalised by Σw
  order: GPUBuffer; // (N) i32 positions sorted by token, for the deterministic embedding backward
  segStart: GPUBuffer; // (N+1) i32 start of each distinct token's run in `order`
}

export class ShapePlan {
  readonly N: number;
  readonly batch: BatchBuffers;
  readonly losses: GPUBuffer; // (N)
  readonly logits: GPUBuffer; // (N, V), overwritten by dlogits in lossGradPass
  forward: Dispatch[] = [];
  /** Losses only (loss()). */
  lossPass: Dispatch[] = [];
  /** Losses and dlogits over the logits in one pass (training), before `backward`. */
  lossGradPass: Dispatch[] = [];
  backward: Dispatch[] = [];
  /** Gradient buffers that accumulate and must be zeroed before each backward. */
  readonly zeroed: GPUBuffer[] = [];
  private owned: GPUBuffer[] = [];
  /** False when the base is frozen: no embedding gradient, so no token buckets to upload. */
  private embeddingGrad = true;

  private constructor(
    private gpu: GpuRuntime,
    readonly config: ModelConfig,
    readonly B: number,
    readonly T: number,
  ) {
    this.N = B * T;
    const c = config;
    this.batch = {
      tokens: this.buffer('tokens', this.N),
      targets: this.buffer('targets', this.N),
      weights: this.buffer('weights', this.N),
      order: this.buffer('embedding order', this.N),
      segStart: this.buffer('embedding segStart', this.N + 1),
    };
    this.logits = this.buffer('logits', this.N * c.vocabSize);
    this.losses = this.buffer('losses', this.N);
  }

  static async build(gpu: GpuRuntime, config: ModelConfig, table: ParamTable, flat: FlatBuffers, B: number, T: number): Promise<ShapePlan> {
    const plan = new ShapePlan(gpu, config, B, T);
    try {
      await plan.record(table, flat);
    } catch (err) {
      plan.destroy();
      throw err;
    }
    return plan;
  }

  private buffer(label: string, floats: number, zeroed = false): GPUBuffer {
    const b = createBuffer(this.gpu.device, `${label} (B=${this.B},T=${this.T})`, floats * 4);
    this.owned.push(b);
    if (zeroed) this.zeroed.push(b);
    return b;
  }

  private async record(table: ParamTable, flat: FlatBuffers): Promise<void> {
    const { gpu, config: c, B, T, N } = this;
    const C = c.dim;
    const F = c.hiddenDim;
    const V = c.vocabSize;
    const QKV = qkvDim(c);
    const hd = headDim(c);
    const P = (e: Parameters<typeof paramBinding>[1]) => flat.params.bind(e);
    const baseGrads = flat.grads;
    this.embeddingGrad = baseGrads !== null;
    const G = (e: Parameters<typeof paramBinding>[1]) => (baseGrads ? paramBinding(baseGrads, e) : null);

    // Forward activations, as in the reference model.
    const resid = Array.from({ length: c.nLayers + 1 }, (_, l) => this.buffer(`resid${l}`, N * C));
    const layers = table.layers.map((_, l) => ({
      ln1: this.buffer(`L${l}.ln1`, N * C), rstd1: this.buffer(`L${l}.rstd1`, N),
      qkv: this.buffer(`L${l}.qkv`, N * QKV), att: this.buffer(`L${l}.att`, N * C), lse: this.buffer(`L${l}.lse`, B * c.nHeads * T),
      attProj: this.buffer(`L${l}.attProj`, N * C), res1: this.buffer(`L${l}.res1`, N * C),
      ln2: this.buffer(`L${l}.ln2`, N * C), rstd2: this.buffer(`L${l}.rstd2`, N),
      gateup: this.buffer(`L${l}.gateup`, N * 2 * F), sw: this.buffer(`L${l}.sw`, N * F), mlp: this.buffer(`L${l}.mlp`, N * C),
      // accumulating gradients of this layer's activations
      dsw: this.buffer(`L${l}.dsw`, N * F, true), dgateup: this.buffer(`L${l}.dgateup`, N * 2 * F, true),
      dln2: this.buffer(`L${l}.dln2`, N * C, true), datt: this.buffer(`L${l}.datt`, N * C, true),
      dqkv: this.buffer(`L${l}.dqkv`, N * QKV, true), dln1: this.buffer(`L${l}.dln1`, N * C, true),
    }));
    const lnf = this.buffer('lnf', N * C);
    const rstdf = this.buffer('rstdf', N);
    const dlnf = this.buffer('dlnf', N * C, true);
    const dresid = this.buffer('dresid', N * C, true);
    // LoRA: u = x·Aᵀ of every adapter saved per layer (perLayer slots of N·r), du scratch for the backward.
    const lora = flat.lora;
    const r = lora?.table.config.rank ?? 0;
    const uSaved = lora ? table.layers.map((_, l) => this.buffer(`L${l}.lora_u`, lora.table.perLayer * loraSlotFloats(N, r))) : [];
    const ad = lora ? new LoraSites(gpu, lora, N, savedLoraStore(uSaved, N, r), this.buffer('lora_du', N * r)) : null;
    const fwdLora = (l: number, site: LoraSite, y: GPUBuffer, x: GPUBuffer) => ad?.forward(l, site, y, x) ?? [];
    const bwdLora = (l: number, site: LoraSite, dx: GPUBuffer, dy: GPUBuffer, x: GPUBuffer) => ad?.backward(l, site, dx, dy, x) ?? [];

    const fwd: Promise<Dispatch[]>[] = [];
    fwd.push(embedding.embeddingForward(gpu, resid[0], this.batch.tokens, P(table.embed), N, C));
    for (let l = 0; l < c.nLayers; l++) {
      const p = table.layers[l];
      const L = layers[l];
      fwd.push(
        rmsnorm.rmsnormForward(gpu, L.ln1, L.rstd1, resid[l], P(p.ln1), N, C, c.normEps),
        matmul.matmulForward(gpu, L.qkv, L.ln1, P(p.qkv), N, C, QKV),
        ...fwdLora(l, 'qkv', L.qkv, L.ln1),
        rope.ropeForward(gpu, L.qkv, B, T, c.nHeads, c.nKvHeads, hd, ropeOf(c)),
        attention.attentionForward(gpu, L.att, L.lse, L.qkv, B, T, c.nHeads, c.nKvHeads, hd),
        matmul.matmulForward(gpu, L.attProj, L.att, P(p.o), N, C, C),
        ...fwdLora(l, 'o', L.attProj, L.att),
        residual.residualForward(gpu, L.res1, resid[l], L.attProj, N * C),
        rmsnorm.rmsnormForward(gpu, L.ln2, L.rstd2, L.res1, P(p.ln2), N, C, c.normEps),
        matmul.matmulForward(gpu, L.gateup, L.ln2, P(p.gateup), N, C, 2 * F),
        ...fwdLora(l, 'gateup', L.gateup, L.ln2),
        swiglu.swigluForward(gpu, L.sw, L.gateup, N, F),
        matmul.matmulForward(gpu, L.mlp, L.sw, P(p.down), N, F, C),
        ...fwdLora(l, 'down', L.mlp, L.sw),
        residual.residualForward(gpu, resid[l + 1], L.res1, L.mlp, N * C),
      );
    }
    fwd.push(
      rmsnorm.rmsnormForward(gpu, lnf, rstdf, resid[c.nLayers], P(table.finalNorm), N, C, c.normEps),
      matmul.matmulForward(gpu, this.logits, lnf, P(table.lmHead), N, C, V),
    );
    this.forward = await collectDispatches(fwd);
    this.lossPass = await crossEntropy.crossEntropyForward(gpu, this.losses, this.logits, this.batch.targets, this.batch.weights, N, V);
    this.lossGradPass = await crossEntropy.crossEntropyForwardBackward(gpu, this.losses, this.logits, this.batch.targets, this.batch.weights, N, V);

    const bwd: Promise<Dispatch[]>[] = [];
    bwd.push(
      matmul.matmulBackward(gpu, dlnf, G(table.lmHead), this.logits, lnf, P(table.lmHead), N, C, V),
      rmsnorm.rmsnormBackward(gpu, dresid, G(table.finalNorm), dlnf, resid[c.nLayers], P(table.finalNorm), rstdf, N, C),
    );
    for (let l = c.nLayers - 1; l >= 0; l--) {
      const p = table.layers[l];
      const L = layers[l];
      bwd.push(
        matmul.matmulBackward(gpu, L.dsw, G(p.down), dresid, L.sw, P(p.down), N, F, C),
        ...bwdLora(l, 'down', L.dsw, dresid, L.sw),
        swiglu.swigluBackward(gpu, L.dgateup, L.dsw, L.gateup, N, F),
        matmul.matmulBackward(gpu, L.dln2, G(p.gateup), L.dgateup, L.ln2, P(p.gateup), N, C, 2 * F),
        ...bwdLora(l, 'gateup', L.dln2, L.dgateup, L.ln2),
        rmsnorm.rmsnormBackward(gpu, dresid, G(p.ln2), L.dln2, L.res1, P(p.ln2), L.rstd2, N, C),
        matmul.matmulBackward(gpu, L.datt, G(p.o), dresid, L.att, P(p.o), N, C, C),
        ...bwdLora(l, 'o', L.datt, dresid, L.att),
        attention.attentionBackward(gpu, L.dqkv, L.datt, L.att, L.lse, L.qkv, B, T, c.nHeads, c.nKvHeads, hd),
        rope.ropeBackward(gpu, L.dqkv, B, T, c.nHeads, c.nKvHeads, hd, ropeOf(c)),
        matmul.matmulBackward(gpu, L.dln1, G(p.qkv), L.dqkv, L.ln1, P(p.qkv), N, C, QKV),
        ...bwdLora(l, 'qkv', L.dln1, L.dqkv, L.ln1), // dqkv is the gradient before RoPE here
        rmsnorm.rmsnormBackward(gpu, dresid, G(p.ln1), L.dln1, resid[l], P(p.ln1), L.rstd1, N, C),
      );
    }
    if (baseGrads) bwd.push(embedding.embeddingBackward(gpu, paramBinding(baseGrads, table.embed), dresid, this.batch.tokens, this.batch.order, this.batch.segStart, N, C));
    this.backward = await collectDispatches(bwd);
  }

  /** Uploads a batch: tokens, targets, weights normalised by Σw, and the embedding buckets (no allocation on the GPU). */
  writeBatch(tokens: Int32Array, targets: Int32Array, normWeights: Float32Array): void {
    const { device } = this.gpu;
    writeArray(device, this.batch.tokens, tokens);
    writeArray(device, this.batch.targets, targets);
    writeArray(device, this.batch.weights, normWeights);
    if (this.embeddingGrad) embedding.writeEmbeddingBuckets(this.gpu.device, this.batch.order, this.batch.segStart, tokens);
  }

  /** Frees the activations and every buffer the dispatches own (uniforms, scratch). */
  destroy(): void {
    for (const b of this.owned) b.destroy();
    destroyDispatches([...this.forward, ...this.lossPass, ...this.lossGradPass, ...this.backward]);
  }
}

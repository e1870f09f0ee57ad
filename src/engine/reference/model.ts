// The whole LLaMA model on the CPU, op by op with the reference twins: the oracle for the GPU engine
// and the `cpu` backend. Same structure as the WebGPU model (src/engine/webgpu/model.ts), llm.c style.
import { headDim, qkvDim, type ModelConfig } from '../config';
import type { LoraSite, LoraTable } from '../lora';
import type { ParamTable } from '../params';
import { ropeOf } from '../rope-frequencies';
import { attentionBackward, attentionForward } from './attention';
import { crossEntropyBackward, crossEntropyForward } from './cross_entropy';
import { embeddingBackward, embeddingForward } from './embedding';
import { loraBackward, loraForward } from './lora';
import { matmulBackward, matmulForward } from './matmul';
import { residualForward } from './residual';
import { rmsnormBackward, rmsnormForward } from './rmsnorm';
import { ropeBackward, ropeForward } from './rope';
import { swigluBackward, swigluForward } from './swiglu';

export type Vec = Float32Array | Float64Array;
type VecCtor = Float32ArrayConstructor | Float64ArrayConstructor;

interface LayerActs {
  ln1: Vec; // (N, C)
  rstd1: Vec; // (N)
  qkv: Vec; // (N, QKV) after RoPE
  att: Vec; // (N, C) attention output before o_proj
  lse: Vec; // (B, H, T)
  attProj: Vec; // (N, C)
  res1: Vec; // (N, C) = input + attProj
  ln2: Vec; // (N, C)
  rstd2: Vec; // (N)
  gateup: Vec; // (N, 2F)
  sw: Vec; // (N, F)
  mlp: Vec; // (N, C)
  u: Vec[]; // per adapter of the layer (LoraTable.perLayer): (N, r) = x·Aᵀ, saved for the backward
}

interface Acts {
  B: number;
  T: number;
  resid: Vec[]; // L+1 × (N, C): resid[0] = embeddings, resid[l+1] = output of layer l
  layers: LayerActs[];
  lnf: Vec; // (N, C)
  rstdf: Vec; // (N)
  logits: Vec; // (N, V)
  losses: Vec; // (N)
  tokens: Int32Array;
  targets: Int32Array;
  weights: Vec; // (N) normalised by Σw
}

/** LoRA adapters beside the model (src/engine/lora.ts): their own flat params and grads. */
export interface ReferenceAdapters {
  table: LoraTable;
  params: Vec; // (Pa)
  grads: Vec; // (Pa)
}

export class ReferenceModel {
  private acts: Acts | null = null;

  /** `grads` null freezes the base (LoRA): backward() then accumulates into the adapters' grads only. */
  constructor(
    readonly config: ModelConfig,
    readonly table: ParamTable,
    readonly params: Vec,
    readonly grads: Vec | null,
    private readonly ctor: VecCtor = Float32Array,
    readonly adapters: ReferenceAdapters | null = null,
  ) {}

  private allocate(B: number, T: number): Acts {
    if (this.acts && this.acts.B === B && this.acts.T === T) return this.acts;
    const c = this.config;
    const N = B * T;
    const v = (n: number) => new this.ctor(n);
    const layers: LayerActs[] = [];
    for (let l = 0; l < c.nLayers; l++) {
      layers.push({
        ln1: v(N * c.dim), rstd1: v(N), qkv: v(N * qkvDim(c)), att: v(N * c.dim), lse: v(B * c.nHeads * T),
        attProj: v(N * c.dim), res1: v(N * c.dim), ln2: v(N * c.dim), rstd2: v(N),
        gateup: v(N * 2 * c.hiddenDim), sw: v(N * c.hiddenDim), mlp: v(N * c.dim),
        u: Array.from({ length: this.adapters?.table.perLayer ?? 0 }, () => v(N * this.adapters!.table.config.rank)),
      });
    }
    this.acts = {
      B, T, layers,
      resid: Array.from({ length: c.nLayers + 1 }, () => v(N * c.dim)),
      lnf: v(N * c.dim), rstdf: v(N), logits: v(N * c.vocabSize), losses: v(N),
      tokens: new Int32Array(N), targets: new Int32Array(N), weights: v(N),
    };
    return this.acts;
  }

  private view(e: { offset: number; size: number }, of: Vec = this.params): Vec {
    return of.subarray(e.offset, e.offset + e.size);
  }

  /** y += the adapters of layer l's site: s·B·A·x on each adapter's columns of y. */
  private loraForward(l: number, site: LoraSite, L: LayerActs, y: Vec, x: Vec, N: number): void {
    const ad = this.adapters;
    if (!ad) return;
    for (const a of ad.table.layers[l][site]) {
      const shape = { N, inDim: a.inDim, rank: ad.table.config.rank, outDim: a.outDim, stride: a.stride, offset: a.offset, scale: ad.table.scale };
      loraForward(y, L.u[a.index], x, this.view(a.A, ad.params), this.view(a.B, ad.params), shape);
    }
  }

  /** dx and the adapters' dA, dB of layer l's site, from dy (the gradient of the site's output). */
  private loraBackward(l: number, site: LoraSite, L: LayerActs, dx: Vec, dy: Vec, x: Vec, N: number): void {
    const ad = this.adapters;
    if (!ad) return;
    const r = ad.table.config.rank;
    const du = new this.ctor(N * r);
    for (const a of ad.table.layers[l][site]) {
      const shape = { N, inDim: a.inDim, rank: r, outDim: a.outDim, stride: a.stride, offset: a.offset, scale: ad.table.scale };
      loraBackward(dx, this.view(a.A, ad.grads), this.view(a.B, ad.grads), du, dy, x, L.u[a.index], this.view(a.A, ad.params), this.view(a.B, ad.params), shape);
    }
  }

  /** Runs the model to the logits (N, V); returns the activations for the loss and backward. */
  forwardLogits(tokens: Int32Array, B: number, T: number): Vec {
    const c = this.config;
    const a = this.allocate(B, T);
    const N = B * T;
    const C = c.dim;
    const F = c.hiddenDim;
    const hd = headDim(c);
    a.tokens.set(tokens);
    embeddingForward(a.resid[0], a.tokens, this.view(this.table.embed), N, C);
    for (let l = 0; l < c.nLayers; l++) {
      const p = this.table.layers[l];
      const L = a.layers[l];
      rmsnormForward(L.ln1, L.rstd1, a.resid[l], this.view(p.ln1), N, C, c.normEps);
      matmulForward(L.qkv, L.ln1, this.view(p.qkv), N, C, qkvDim(c));
      this.loraForward(l, 'qkv', L, L.qkv, L.ln1, N);
      ropeForward(L.qkv, B, T, c.nHeads, c.nKvHeads, hd, ropeOf(c));
      attentionForward(L.att, L.lse, L.qkv, B, T, c.nHeads, c.nKvHeads, hd);
      matmulForward(L.attProj, L.att, this.view(p.o), N, C, C);
      this.loraForward(l, 'o', L, L.attProj, L.att, N);
      residualForward(L.res1, a.resid[l], L.attProj, N * C);
      rmsnormForward(L.ln2, L.rstd2, L.res1, this.view(p.ln2), N, C, c.normEps);
      matmulForward(L.gateup, L.ln2, this.view(p.gateup), N, C, 2 * F);
      this.loraForward(l, 'gateup', L, L.gateup, L.ln2, N);
      swigluForward(L.sw, L.gateup, N, F);
      matmulForward(L.mlp, L.sw, this.view(p.down), N, F, C);
      this.loraForward(l, 'down', L, L.mlp, L.sw, N);
      residualForward(a.resid[l + 1], L.res1, L.mlp, N * C);
    }
    rmsnormForward(a.lnf, a.rstdf, a.resid[c.nLayers], this.view(this.table.finalNorm), N, C, c.normEps);
    matmulForward(a.logits, a.lnf, this.view(this.table.lmHead), N, C, c.vocabSize);
    return a.logits;
  }

  /** Weighted mean cross-entropy Σ wᵢ·ceᵢ / Σ wᵢ; keeps what backward() needs. */
  forward(tokens: Int32Array, targets: Int32Array, weights: Float32Array, B: number, T: number): number {
    this.forwardLogits(tokens, B, T);
    const a = this.acts!;
    a.targets.set(targets);
    normaliseWeights(weights, a.weights);
    return crossEntropyForward(a.losses, a.logits, a.targets, a.weights, B * T, this.config.vocabSize);
  }

  /**
   * Accumulates every parameter gradient of the last forward() into `grads`, and the adapters' into theirs; a
   * frozen base (grads null) gets none. Overwrites the logits.
   */
  backward(): void {
    const a = this.acts;
    if (!a) throw new Error('backward() before forward()');
    const c = this.config;
    const N = a.B * a.T;
    const C = c.dim;
    const F = c.hiddenDim;
    const hd = headDim(c);
    const base = this.grads;
    const g = (e: { offset: number; size: number }) => (base ? this.view(e, base) : null);
    const v = (n: number) => new this.ctor(n);

    const dlogits = a.logits;
    crossEntropyBackward(dlogits, a.logits, a.targets, a.weights, N, c.vocabSize);
    const dlnf = v(N * C);
    matmulBackward(dlnf, g(this.table.lmHead), dlogits, a.lnf, this.view(this.table.lmHead), N, C, c.vocabSize);
    const dresid = v(N * C); // gradient of the residual stream, carried down through the layers
    rmsnormBackward(dresid, g(this.table.finalNorm), dlnf, a.resid[c.nLayers], this.view(this.table.finalNorm), a.rstdf, N, C);

    for (let l = c.nLayers - 1; l >= 0; l--) {
      const p = this.table.layers[l];
      const L = a.layers[l];
      // MLP branch: resid[l+1] = res1 + mlp, so dmlp = dres1-part = dresid.
      const dsw = v(N * F);
      matmulBackward(dsw, g(p.down), dresid, L.sw, this.view(p.down), N, F, C);
      this.loraBackward(l, 'down', L, dsw, dresid, L.sw, N);
      const dgateup = v(N * 2 * F);
      swigluBackward(dgateup, dsw, L.gateup, N, F);
      const dln2 = v(N * C);
      matmulBackward(dln2, g(p.gateup), dgateup, L.ln2, this.view(p.gateup), N, C, 2 * F);
      this.loraBackward(l, 'gateup', L, dln2, dgateup, L.ln2, N);
      rmsnormBackward(dresid, g(p.ln2), dln2, L.res1, this.view(p.ln2), L.rstd2, N, C);
      // Attention branch: res1 = resid[l] + attProj.
      const datt = v(N * C);
      matmulBackward(datt, g(p.o), dresid, L.att, this.view(p.o), N, C, C);
      this.loraBackward(l, 'o', L, datt, dresid, L.att, N);
      const dqkv = v(N * qkvDim(c));
      attentionBackward(dqkv, datt, L.att, L.lse, L.qkv, a.B, a.T, c.nHeads, c.nKvHeads, hd);
      ropeBackward(dqkv, a.B, a.T, c.nHeads, c.nKvHeads, hd, ropeOf(c));
      const dln1 = v(N * C);
      matmulBackward(dln1, g(p.qkv), dqkv, L.ln1, this.view(p.qkv), N, C, qkvDim(c));
      this.loraBackward(l, 'qkv', L, dln1, dqkv, L.ln1, N); // dqkv is already the gradient before RoPE
      rmsnormBackward(dresid, g(p.ln1), dln1, a.resid[l], this.view(p.ln1), L.rstd1, N, C);
    }
    if (base) embeddingBackward(this.view(this.table.embed, base), dresid, a.tokens, N, C);
  }
}

/** wᵢ / Σw (all zero when Σw = 0, so an all-padding batch has zero loss and gradient). */
export function normaliseWeights(weights: ArrayLike<number>, out: Vec): void {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i];
  for (let i = 0; i < weights.length; i++) out[i] = sum > 0 ? weights[i] / sum : 0;
}


// Generation on the CPU: the same step as the WebGPU plan (src/engine/webgpu/decode-plan.ts), op by op with
// the reference twins, over a KV cache in Float32Arrays.
import { headDim, qkvDim, type ModelConfig } from './config';
import type { DecodeBackend } from './generate';
import type { LoraSite } from './lora';
import type { ParamTable } from './params';
import { ropeOf } from './rope-frequencies';
import { attentionDecode } from './reference/attention_decode';
import { gatherLast, kvAppend } from './reference/decode';
import { embeddingForward } from './reference/embedding';
import { loraForward } from './reference/lora';
import { matmulForward } from './reference/matmul';
import type { ReferenceAdapters } from './reference/model';
import { residualForward } from './reference/residual';
import { rmsnormForward } from './reference/rmsnorm';
import { sampleForward, type SampleParams } from './reference/sample';
import { swigluForward } from './reference/swiglu';

type Vec = Float32Array | Float64Array;

export class CpuDecoder implements DecodeBackend {
  private kcache: Float32Array[] = []; // L × (rows, KVH, S, hd)
  private vcache: Float32Array[] = [];
  private S = 0;
  private sampling!: SampleParams;

  constructor(
    readonly config: ModelConfig,
    readonly table: ParamTable,
    readonly params: Vec, // (P) flat
    readonly adapters: ReferenceAdapters | null = null, // LoRA: added to the projections as in training
  ) {}

  async begin(rows: number, capacity: number, _maxTq: number, sampling: SampleParams): Promise<void> {
    const c = this.config;
    this.S = capacity;
    this.sampling = sampling;
    const n = rows * c.nKvHeads * capacity * headDim(c);
    this.kcache = Array.from({ length: c.nLayers }, () => new Float32Array(n));
    this.vcache = Array.from({ length: c.nLayers }, () => new Float32Array(n));
  }

  private view(e: { offset: number; size: number }): Vec {
    return this.params.subarray(e.offset, e.offset + e.size);
  }

  /** y += layer l's adapters at `site` (as ReferenceModel's forward); u (N, r) is scratch, not kept. */
  private lora(l: number, site: LoraSite, y: Vec, x: Vec, N: number): void {
    const ad = this.adapters;
    if (!ad) return;
    const r = ad.table.config.rank;
    const u = new Float32Array(N * r);
    for (const a of ad.table.layers[l][site]) {
      const g = { N, inDim: a.inDim, rank: r, outDim: a.outDim, stride: a.stride, offset: a.offset, scale: ad.table.scale };
      loraForward(y, u, x, ad.params.subarray(a.A.offset, a.A.offset + a.A.size), ad.params.subarray(a.B.offset, a.B.offset + a.B.size), g);
    }
  }

  /** The logits (M, V) of each slot's last valid token after running tokens (M, Tq); keys and values appended. */
  logits(slots: Int32Array, tokens: Int32Array, M: number, Tq: number): Float32Array {
    const c = this.config;
    const [N, C, F, V, QKV, hd] = [M * Tq, c.dim, c.hiddenDim, c.vocabSize, qkvDim(c), headDim(c)];
    const f = (n: number) => new Float32Array(n);
    let x = f(N * C); // (N, C) residual stream
    let x1 = f(N * C);
    const [ln, rstd, qkv, att, proj, gateup, sw] = [f(N * C), f(N), f(N * QKV), f(N * C), f(N * C), f(N * 2 * F), f(N * F)];
    embeddingForward(x, tokens, this.view(this.table.embed), N, C);
    for (let l = 0; l < c.nLayers; l++) {
      const p = this.table.layers[l];
      rmsnormForward(ln, rstd, x, this.view(p.ln1), N, C, c.normEps);
      matmulForward(qkv, ln, this.view(p.qkv), N, C, QKV);
      this.lora(l, 'qkv', qkv, ln, N);
      kvAppend(qkv, this.kcache[l], this.vcache[l], slots, M, Tq, c.nHeads, c.nKvHeads, hd, this.S, ropeOf(c));
      attentionDecode(att, qkv, this.kcache[l], this.vcache[l], slots, M, Tq, c.nHeads, c.nKvHeads, hd, this.S);
      matmulForward(proj, att, this.view(p.o), N, C, C);
      this.lora(l, 'o', proj, att, N);
      residualForward(x1, x, proj, N * C);
      rmsnormForward(ln, rstd, x1, this.view(p.ln2), N, C, c.normEps);
      matmulForward(gateup, ln, this.view(p.gateup), N, C, 2 * F);
      this.lora(l, 'gateup', gateup, ln, N);
      swigluForward(sw, gateup, N, F);
      matmulForward(proj, sw, this.view(p.down), N, F, C);
      this.lora(l, 'down', proj, sw, N);
      residualForward(x1, x1, proj, N * C); // safe in place on the CPU (elementwise)
      [x, x1] = [x1, x];
    }
    const last = f(M * C);
    gatherLast(last, x, slots, M, Tq, C);
    const lnf = f(M * C);
    rmsnormForward(lnf, f(M), last, this.view(this.table.finalNorm), M, C, c.normEps);
    const logits = f(M * V);
    matmulForward(logits, lnf, this.view(this.table.lmHead), M, C, V);
    return logits;
  }

  async step(slots: Int32Array, tokens: Int32Array, M: number, Tq: number): Promise<Int32Array> {
    const ids = new Int32Array(M);
    sampleForward(ids, this.logits(slots, tokens, M, Tq), slots, M, this.config.vocabSize, this.sampling);
    return ids;
  }

  end(): void {
    this.kcache = [];
    this.vcache = [];
  }
}

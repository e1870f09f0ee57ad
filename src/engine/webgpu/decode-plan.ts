// One generation step on the GPU for M slots × Tq tokens: every dispatch from token ids to chosen ids, built
// once per (M, Tq) over a session's shared buffers and replayed. Mirrors CpuDecoder.logits (src/engine/generate-cpu.ts).
import { collectDispatches, createBuffer, destroyDispatches, type Dispatch, type GpuRuntime } from '../../gpu';
import { headDim, qkvDim, type ModelConfig } from '../config';
import type { ParamEntry, ParamTable } from '../params';
import { ropeOf } from '../rope-frequencies';
import { attentionDecode } from '../ops/attention_decode';
import { gatherLast, kvAppend } from '../ops/decode';
import { embeddingForward } from '../ops/embedding';
import { matmulForward } from '../ops/matmul';
import { residualForward } from '../ops/residual';
import { rmsnormForward } from '../ops/rmsnorm';
import { sampleForward, type SampleDispatches } from '../ops/sample';
import { swigluForward } from '../ops/swiglu';
import { LoraSites, type LoraBuffers } from './lora-plan';
import type { ParamBuffers } from './param-buffers';
import { decodeBufferFloats } from '../session-shape';

/** Buffers shared by every plan of a session: scratch for up to `N` token rows, `rows` cache rows of `S` positions. */
export class DecodeBuffers {
  readonly tokens: GPUBuffer; // (N) i32
  readonly slots: GPUBuffer; // (rows, 4) i32 [row, pos, len, step]
  readonly ids: GPUBuffer; // (rows) i32, the chosen tokens
  readonly x: GPUBuffer[]; // 2 × (N, C) residual stream, ping-pong
  readonly ln: GPUBuffer; // (N, C)
  readonly rstd: GPUBuffer; // (N)
  readonly qkv: GPUBuffer; // (N, QKV)
  readonly att: GPUBuffer; // (N, C)
  readonly proj: GPUBuffer; // (N, C)
  readonly gateup: GPUBuffer; // (N, 2F)
  readonly sw: GPUBuffer; // (N, F)
  readonly last: GPUBuffer; // (rows, C)
  readonly lnf: GPUBuffer; // (rows, C)
  readonly rstdf: GPUBuffer; // (rows)
  readonly logits: GPUBuffer; // (rows, V)
  readonly kcache: GPUBuffer[]; // L × (rows, KVH, S, hd)
  readonly vcache: GPUBuffer[];
  readonly loraU: GPUBuffer | null; // (N, r) scratch of the LoRA adapters' u = x·Aᵀ, used at once and not kept
  private owned: GPUBuffer[] = [];

  /** `loraRank` 0: no adapters. */
  constructor(device: GPUDevice, c: ModelConfig, readonly rows: number, readonly S: number, readonly N: number, loraRank = 0) {
    const b = (label: string, floats: number) => {
      const buf = createBuffer(device, `generate.${label}`, floats * 4);
      this.owned.push(buf);
      return buf;
    };
    const f = decodeBufferFloats(c, rows, S, N, loraRank);
    this.tokens = b('tokens', f.tokens);
    this.slots = b('slots', f.slots);
    this.ids = b('ids', f.ids);
    this.x = [b('x0', f.x0), b('x1', f.x1)];
    this.ln = b('ln', f.ln);
    this.rstd = b('rstd', f.rstd);
    this.qkv = b('qkv', f.qkv);
    this.att = b('att', f.att);
    this.proj = b('proj', f.proj);
    this.gateup = b('gateup', f.gateup);
    this.sw = b('sw', f.sw);
    this.last = b('last', f.last);
    this.lnf = b('lnf', f.lnf);
    this.rstdf = b('rstdf', f.rstdf);
    this.logits = b('logits', f.logits);
    this.kcache = Array.from({ length: c.nLayers }, (_, l) => b(`L${l}.kcache`, f.kcache));
    this.vcache = Array.from({ length: c.nLayers }, (_, l) => b(`L${l}.vcache`, f.vcache));
    this.loraU = loraRank > 0 ? b('lora_u', f.loraU) : null;
  }

  /** Bytes of the largest single buffer, checked against maxStorageBufferBindingSize before allocating. */
  static largestBytes(c: ModelConfig, rows: number, S: number, N: number): { bytes: number; what: string } {
    const f = decodeBufferFloats(c, rows, S, N, 0);
    const sizes: [string, number][] = [['KV cache per layer', f.kcache], ['gateup activation', f.gateup], ['qkv activation', f.qkv], ['logits', f.logits]];
    const [what, floats] = sizes.reduce((a, b) => (b[1] > a[1] ? b : a));
    return { bytes: floats * 4, what };
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
  }
}

export class DecodePlan {
  dispatches: Dispatch[] = [];
  sample!: SampleDispatches;

  private constructor(readonly M: number, readonly Tq: number) {}

  static async build(
    gpu: GpuRuntime, c: ModelConfig, table: ParamTable, params: ParamBuffers, lora: LoraBuffers | null, buf: DecodeBuffers, M: number, Tq: number,
  ): Promise<DecodePlan> {
    const plan = new DecodePlan(M, Tq);
    const [N, C, F, V, QKV, hd, H, KVH] = [M * Tq, c.dim, c.hiddenDim, c.vocabSize, qkvDim(c), headDim(c), c.nHeads, c.nKvHeads];
    const P = (e: ParamEntry) => params.bind(e);
    // The adapters as in training (plan.ts), each u = x·Aᵀ in one scratch: generation has no backward.
    const uScratch = buf.loraU;
    const ad = lora && uScratch ? new LoraSites(gpu, lora, N, () => ({ buffer: uScratch, offset: 0, size: N * lora.table.config.rank * 4 })) : null;
    if (lora && !ad) throw new Error('generate: the decode buffers have no LoRA scratch');
    const [x, x1] = buf.x;
    const ops: Promise<Dispatch[]>[] = [embeddingForward(gpu, x, buf.tokens, P(table.embed), N, C)];
    for (let l = 0; l < c.nLayers; l++) {
      const p = table.layers[l];
      const [kc, vc] = [buf.kcache[l], buf.vcache[l]];
      ops.push(
        rmsnormForward(gpu, buf.ln, buf.rstd, x, P(p.ln1), N, C, c.normEps),
        matmulForward(gpu, buf.qkv, buf.ln, P(p.qkv), N, C, QKV),
        ...(ad?.forward(l, 'qkv', buf.qkv, buf.ln) ?? []),
        kvAppend(gpu, buf.qkv, kc, vc, buf.slots, M, Tq, H, KVH, hd, buf.S, ropeOf(c)),
        attentionDecode(gpu, buf.att, buf.qkv, kc, vc, buf.slots, M, Tq, H, KVH, hd, buf.S),
        matmulForward(gpu, buf.proj, buf.att, P(p.o), N, C, C),
        ...(ad?.forward(l, 'o', buf.proj, buf.att) ?? []),
        residualForward(gpu, x1, x, buf.proj, N * C),
        rmsnormForward(gpu, buf.ln, buf.rstd, x1, P(p.ln2), N, C, c.normEps),
        matmulForward(gpu, buf.gateup, buf.ln, P(p.gateup), N, C, 2 * F),
        ...(ad?.forward(l, 'gateup', buf.gateup, buf.ln) ?? []),
        swigluForward(gpu, buf.sw, buf.gateup, N, F),
        matmulForward(gpu, buf.proj, buf.sw, P(p.down), N, F, C),
        ...(ad?.forward(l, 'down', buf.proj, buf.sw) ?? []),
        residualForward(gpu, x, x1, buf.proj, N * C),
      );
    }
    // One token per slot: its hidden state is already the row to decode from; a chunk needs its last valid token.
    const last = Tq === 1 ? x : buf.last;
    if (Tq > 1) ops.push(gatherLast(gpu, buf.last, x, buf.slots, M, Tq, C));
    ops.push(
      rmsnormForward(gpu, buf.lnf, buf.rstdf, last, P(table.finalNorm), M, C, c.normEps),
      matmulForward(gpu, buf.logits, buf.lnf, P(table.lmHead), M, C, V),
    );
    const sample = sampleForward(gpu, buf.ids, buf.logits, buf.slots, M, V);
    plan.dispatches = await collectDispatches([...ops, sample]); // sample last
    plan.sample = await sample;
    return plan;
  }

  /** Frees what the dispatches own; the session's DecodeBuffers stay. */
  destroy(): void {
    destroyDispatches(this.dispatches);
  }
}

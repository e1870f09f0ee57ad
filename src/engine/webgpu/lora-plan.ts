// The LoRA adapters' dispatches inside a training plan (plan.ts) or a generation plan (decode-plan.ts): at each
// site of a layer (fused qkv, o, fused gateup, down), the LoRA op (src/engine/ops/lora.ts) of every adapter
// there, bound to its A and B in the adapters' flat buffer. The base matmul writes y first; the adapters add.
import { alignFloats, paramBinding } from '../params';
import type { LoraAdapter, LoraSite, LoraTable } from '../lora';
import type { BufferRef, Dispatch, GpuRuntime } from '../../gpu';
import { loraBackward, loraForward, type LoraShape } from '../ops/lora';

/** The adapters on the device: their table, flat params and (training only) flat grads. */
export interface LoraBuffers {
  table: LoraTable;
  params: GPUBuffer; // (Pa)
  grads: GPUBuffer | null; // (Pa); null in generation
}

/** Where a plan keeps u = x·Aᵀ (N, r) of each adapter: saved per adapter for a backward, or one scratch. */
export type LoraStore = (layer: number, a: LoraAdapter) => BufferRef;

/** Floats between adapters' u in a per-layer buffer of `perLayer` slots: N·r rounded up to a bindable offset. */
export function loraSlotFloats(N: number, rank: number): number {
  return alignFloats(N * rank);
}

/** The saved-u store of a training plan: slot `index` of layer l's buffer (perLayer × slot floats). */
export function savedLoraStore(perLayer: GPUBuffer[], N: number, rank: number): LoraStore {
  const slot = loraSlotFloats(N, rank);
  return (l, a) => ({ buffer: perLayer[l], offset: a.index * slot * 4, size: N * rank * 4 });
}

export class LoraSites {
  constructor(
    private readonly gpu: GpuRuntime,
    private readonly lora: LoraBuffers,
    private readonly N: number,
    private readonly u: LoraStore,
    private readonly du: BufferRef | null = null, // (N, r) scratch of the backward, shared by every adapter
  ) {}

  private shape(a: LoraAdapter): LoraShape {
    const t = this.lora.table;
    return { N: this.N, inDim: a.inDim, rank: t.config.rank, outDim: a.outDim, stride: a.stride, offset: a.offset, scale: t.scale };
  }

  /** y (N, stride) += every adapter of layer l's site applied to x (N, in); none when the site has no adapter. */
  forward(l: number, site: LoraSite, y: BufferRef, x: BufferRef): Promise<Dispatch[]>[] {
    const P = this.lora.params;
    return this.lora.table.layers[l][site].map((a) => loraForward(this.gpu, y, this.u(l, a), x, paramBinding(P, a.A), paramBinding(P, a.B), this.shape(a)));
  }

  /** dx (N, in) and every adapter's dA, dB at layer l's site, from dy (N, stride), the gradient of the site's output. */
  backward(l: number, site: LoraSite, dx: BufferRef, dy: BufferRef, x: BufferRef): Promise<Dispatch[]>[] {
    const { params: P, grads: G } = this.lora;
    if (!G || !this.du) throw new Error('LoRA backward needs the adapters’ gradient buffer and a du scratch');
    const du = this.du;
    return this.lora.table.layers[l][site].map((a) =>
      loraBackward(this.gpu, dx, paramBinding(G, a.A), paramBinding(G, a.B), du, dy, x, this.u(l, a), paramBinding(P, a.A), paramBinding(P, a.B), this.shape(a)),
    );
  }
}

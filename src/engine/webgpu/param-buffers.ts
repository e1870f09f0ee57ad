// The base's parameters on the device. Trained (full fine-tuning): one f32 buffer in the param table's flat layout,
// which AdamW binds whole. Frozen (a LoRA base): bound tensor by tensor, so it may lie in several buffers, each under
// the device's maxBufferSize (TinyLlama-1.1B's 4.4 GB in f32 against 4 GiB), and its matrices and embeddings may be
// kept as f16 (`half`, on a device with shader-f16: half the memory; the norms stay f32). Units (a tensor, or a fused
// q·k·v or gate·up span with its padding) are never cut; each starts 256-byte aligned, as a binding must.
import { createBuffer, readBuffer, type HalfBinding } from '../../gpu';
import { fromHalves, toHalves } from '../half';
import type { ParamEntry, ParamTable } from '../params';
import { placeUnits, segmentBytes, type Unit } from './param-units';

export interface ParamSegment {
  buffer: GPUBuffer;
  half: boolean;
  bytes: number;
}

export class ParamBuffers {
  readonly segments: ParamSegment[] = [];
  private readonly units: Unit[];

  /** `maxBytes` caps each buffer (Infinity: one); `half` keeps [0, table.decayEnd) — matrices, embeddings — as f16. */
  constructor(
    private readonly device: GPUDevice,
    private readonly table: ParamTable,
    maxBytes: number,
    readonly half = false,
  ) {
    this.units = placeUnits(table, maxBytes, half);
    const sizes = segmentBytes(this.units);
    sizes.forEach(({ bytes, half: h }, i) => {
      const label = sizes.length > 1 ? `params (${h ? 'f16' : 'f32'}, ${i + 1} of ${sizes.length})` : 'params (flat)';
      this.segments.push({ buffer: createBuffer(device, label, bytes), half: h, bytes });
    });
  }

  /** The one buffer in the flat layout (AdamW over a trained base binds it whole). */
  get whole(): GPUBuffer {
    if (this.segments.length !== 1 || this.half) throw new Error('The parameters are split or kept as f16: only a frozen (LoRA) base may be');
    return this.segments[0].buffer;
  }

  /** Device bytes of all segments. */
  get bytes(): number {
    return this.segments.reduce((n, s) => n + s.bytes, 0);
  }

  /** The binding of one tensor (or fused span) inside the unit that holds it; f16 bindings say so. */
  bind(e: ParamEntry): GPUBufferBinding | HalfBinding {
    const u = this.unitOf(e.offset);
    if (e.offset + e.size > u.end) throw new Error(`Tensor ${e.name} lies across two parameter units`);
    const width = u.half ? 2 : 4;
    const binding = { buffer: this.segments[u.segment].buffer, offset: u.at + (e.offset - u.start) * width, size: Math.ceil((e.size * width) / 4) * 4 };
    return u.half ? { ...binding, half: true } : binding;
  }

  /** Writes every base tensor (checked by the caller) where its unit lies; f16 segments are staged and rounded to nearest even. */
  write(named: Record<string, Float32Array>): void {
    const staging = this.segments.map((s) => (s.half ? new Uint16Array(s.bytes / 2) : null));
    for (const e of this.table.entries) {
      const [u, t] = [this.unitOf(e.offset), named[e.name]];
      const halves = staging[u.segment];
      if (halves) toHalves(t, halves.subarray(u.at / 2 + e.offset - u.start, u.at / 2 + e.offset - u.start + t.length));
      else this.device.queue.writeBuffer(this.segments[u.segment].buffer, u.at + (e.offset - u.start) * 4, t.buffer, t.byteOffset, t.byteLength);
    }
    staging.forEach((halves, i) => halves && this.device.queue.writeBuffer(this.segments[i].buffer, 0, halves));
  }

  /** The flat layout back from the device (f16 units widened). */
  async read(): Promise<Float32Array> {
    const raw: ArrayBuffer[] = [];
    for (const s of this.segments) raw.push(await readBuffer(this.device, s.buffer, s.bytes)); // one staging buffer at a time
    if (this.segments.length === 1 && !this.half) return new Float32Array(raw[0], 0, this.table.total); // the flat layout itself
    const flat = new Float32Array(this.table.total);
    for (const u of this.units) {
      const n = u.end - u.start;
      if (u.half) fromHalves(new Uint16Array(raw[u.segment], u.at, n), flat.subarray(u.start, u.end));
      else flat.set(new Float32Array(raw[u.segment], u.at, n), u.start);
    }
    return flat;
  }

  destroy(): void {
    for (const s of this.segments) s.buffer.destroy();
  }

  private unitOf(offset: number): Unit {
    let lo = 0;
    let hi = this.units.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.units[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.units[lo];
  }
}

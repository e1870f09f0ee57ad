// The base's parameters on the device: one buffer when the model fits the device's maxBufferSize, else several, cut
// between the tensors the kernels bind (a fused q·k·v or gate·up span is never cut). Only a frozen LoRA base is ever
// split: it is bound tensor by tensor, so a model larger than any one buffer (TinyLlama-1.1B's 4.4 GB in float32)
// loads; full fine-tuning binds the whole buffer (AdamW) and so must fit one. Offsets stay the param table's: a
// segment holds floats [start, end) of the flat layout.
import { createBuffer, readFloat32, writeArray } from '../../gpu';
import type { ParamEntry, ParamTable } from '../params';

export interface ParamSegment {
  start: number; // floats, into the flat layout
  end: number;
  buffer: GPUBuffer;
}

export class ParamBuffers {
  readonly segments: ParamSegment[];

  constructor(
    private readonly device: GPUDevice,
    table: ParamTable,
    maxBytes: number,
  ) {
    const cuts = segmentCuts(table, Math.floor(maxBytes / 4));
    this.segments = cuts.slice(0, -1).map((start, i) => {
      const end = cuts[i + 1];
      const label = cuts.length > 2 ? `params (flat, ${i + 1} of ${cuts.length - 1})` : 'params (flat)';
      return { start, end, buffer: createBuffer(device, label, (end - start) * 4) };
    });
  }

  /** The one buffer holding every parameter (AdamW over the base binds it whole). */
  get whole(): GPUBuffer {
    if (this.segments.length !== 1) throw new Error(`The model's parameters lie in ${this.segments.length} buffers; only a frozen (LoRA) base may`);
    return this.segments[0].buffer;
  }

  /** The binding of one tensor (or fused span), inside the segment that holds it. */
  bind(e: ParamEntry): GPUBufferBinding {
    const s = this.segments.find((g) => e.offset >= g.start && e.offset + e.size <= g.end);
    if (!s) throw new Error(`Tensor ${e.name} lies across two parameter buffers`);
    return { buffer: s.buffer, offset: (e.offset - s.start) * 4, size: e.size * 4 };
  }

  /** Writes the flat layout (the table's total floats) into the segments. */
  write(flat: Float32Array): void {
    for (const s of this.segments) writeArray(this.device, s.buffer, flat.subarray(s.start, s.end));
  }

  /** The flat layout back from the device. */
  async read(total: number): Promise<Float32Array> {
    const flat = new Float32Array(total);
    const parts = await Promise.all(this.segments.map((s) => readFloat32(this.device, s.buffer, s.end - s.start)));
    this.segments.forEach((s, i) => flat.set(parts[i], s.start));
    return flat;
  }

  destroy(): void {
    for (const s of this.segments) s.buffer.destroy();
  }
}

/**
 * Segment boundaries [0, …, total]: each segment at most maxFloats, cut only where a bound tensor starts (never
 * inside the fused q·k·v or gate·up spans); a single bound tensor over maxFloats cannot be placed.
 */
export function segmentCuts(table: ParamTable, maxFloats: number): number[] {
  if (table.total <= maxFloats) return [0, table.total];
  const inSpan = new Set(table.layers.flatMap((l) => [l.k.offset, l.v.offset, l.up.offset]));
  const starts = [...new Set(table.entries.map((e) => e.offset).filter((o) => !inSpan.has(o)))].sort((a, b) => a - b);
  starts.push(table.total);
  const cuts = [0];
  for (let i = 1; i < starts.length; i++) {
    if (starts[i] - cuts[cuts.length - 1] <= maxFloats) continue;
    const cut = starts[i - 1];
    if (cut === cuts[cuts.length - 1]) throw new Error(`A tensor of ${starts[i] - cut} floats is over the ${maxFloats}-float buffer limit`);
    cuts.push(cut);
    i--; // the unit starting at `cut` opens the new segment: check it again from there
  }
  cuts.push(table.total);
  return cuts;
}

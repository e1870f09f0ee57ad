// Where each part of a base's flat parameter layout lies on the device (param-buffers.ts allocates by it, and the
// memory estimate counts by it before anything is allocated): pure arithmetic over the param table.
import { ALIGN_FLOATS, type ParamTable } from '../params';

const BINDING_ALIGN = ALIGN_FLOATS * 4; // bytes: minStorageBufferOffsetAlignment, as the flat layout aligns

/** Floats [start, end) of the flat layout, stored (f16 when `half`) from byte `at` of segment `segment`. */
export interface Unit {
  start: number;
  end: number;
  half: boolean;
  segment: number;
  at: number;
}

/** A tensor at `offset` is kept as f16 when the base is half: matrices and embeddings, [0, decayEnd); norms stay f32. */
export function storedHalf(table: ParamTable, offset: number, half: boolean): boolean {
  return half && offset < table.decayEnd;
}

/**
 * The units of the flat layout (each bound tensor, k·v with their q and up with its gate, up to the next unit), placed
 * in order: a new segment when the storage type changes or the next unit would pass maxBytes. With one f32 segment the
 * placement is the flat layout itself (units tile it and start 64-float aligned).
 */
export function placeUnits(table: ParamTable, maxBytes: number, half: boolean): Unit[] {
  const inSpan = new Set(table.layers.flatMap((l) => [l.k.offset, l.v.offset, l.up.offset]));
  const starts = [...new Set(table.entries.map((e) => e.offset).filter((o) => !inSpan.has(o)))].sort((a, b) => a - b);
  const units: Unit[] = [];
  let segment = -1;
  let cursor = 0;
  let segmentHalf: boolean | null = null;
  starts.forEach((start, i) => {
    const end = starts[i + 1] ?? table.total;
    const isHalf = storedHalf(table, start, half);
    const bytes = (end - start) * (isHalf ? 2 : 4);
    if (bytes > maxBytes) throw new Error(`A tensor of ${bytes} bytes is over the ${maxBytes}-byte buffer limit`);
    const at = Math.ceil(cursor / BINDING_ALIGN) * BINDING_ALIGN;
    if (segment < 0 || isHalf !== segmentHalf || at + bytes > maxBytes) {
      segment++;
      segmentHalf = isHalf;
      units.push({ start, end, half: isHalf, segment, at: 0 });
      cursor = bytes;
    } else {
      units.push({ start, end, half: isHalf, segment, at });
      cursor = at + bytes;
    }
  });
  return units;
}

/** Device bytes of each segment of a placement (each rounded up to 4 bytes, as a buffer is). */
export function segmentBytes(units: readonly Unit[]): { bytes: number; half: boolean }[] {
  const sizes: { bytes: number; half: boolean }[] = [];
  for (const u of units) {
    const end = u.at + (u.end - u.start) * (u.half ? 2 : 4);
    sizes[u.segment] = { bytes: Math.max(sizes[u.segment]?.bytes ?? 0, Math.ceil(end / 4) * 4), half: u.half };
  }
  return sizes;
}

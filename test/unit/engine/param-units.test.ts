// How a base's parameters are laid out on the device (webgpu/param-buffers.ts): unsplit f32 is the flat layout itself
// (AdamW binds it whole); a frozen base too large for one buffer is cut only between bound units, never inside the
// fused q·k·v or gate·up spans; kept as f16, its matrices and embeddings take half the bytes and the norms stay f32.
import { describe, expect, it } from 'vitest';
import { buildParamTable, presetConfig } from '../../../src/engine';
import { placeUnits } from '../../../src/engine/webgpu/param-units';

describe('parameter buffer placement', () => {
  const table = buildParamTable({ ...presetConfig('micro', 300), tiedEmbeddings: false });
  const inside = new Set(table.layers.flatMap((l) => [l.k.offset, l.v.offset, l.up.offset]));
  const bound = [...table.entries, ...table.layers.flatMap((l) => [l.qkv, l.gateup])].filter((e) => !inside.has(e.offset));
  const unitOf = (units: ReturnType<typeof placeUnits>, offset: number) => units.findLast((u) => u.start <= offset)!;

  it('one f32 segment is the flat layout itself', () => {
    const units = placeUnits(table, Infinity, false);
    expect(new Set(units.map((u) => u.segment))).toEqual(new Set([0]));
    for (const u of units) expect(u.at).toBe(u.start * 4);
    expect(units.at(-1)!.end).toBe(table.total);
  });

  for (const fraction of [0.5, 0.25, 0.12]) {
    it(`split at ${fraction} of the model: every bound tensor inside one unit, every segment within the limit`, () => {
      const max = Math.floor(table.total * 4 * fraction);
      const units = placeUnits(table, max, false);
      const segments = Math.max(...units.map((u) => u.segment)) + 1;
      expect(segments).toBeGreaterThanOrEqual(Math.ceil(1 / fraction));
      for (const u of units) {
        expect(u.at % 256).toBe(0);
        expect(u.at + (u.end - u.start) * 4).toBeLessThanOrEqual(max);
      }
      for (const e of bound) expect(e.offset + e.size).toBeLessThanOrEqual(unitOf(units, e.offset).end);
    });
  }

  it('kept as f16: matrices and embeddings in half segments at half the bytes, norms in an f32 one', () => {
    const units = placeUnits(table, Infinity, true);
    for (const u of units) expect(u.half).toBe(u.start < table.decayEnd);
    const bytes = (half: boolean) => units.filter((u) => u.half === half).reduce((n, u) => n + (u.end - u.start) * (half ? 2 : 4), 0);
    expect(bytes(true)).toBe(table.decayEnd * 2);
    expect(bytes(false)).toBe((table.total - table.decayEnd) * 4);
    expect(new Set(units.filter((u) => u.half).map((u) => u.segment)).size).toBe(1);
    expect(new Set(units.filter((u) => !u.half).map((u) => u.segment)).size).toBe(1);
  });

  it('f16 and split: half segments hold only matrices and embeddings, each segment within the limit', () => {
    const max = Math.floor(table.decayEnd * 2 * 0.3);
    const units = placeUnits(table, max, true);
    const segments = new Map<number, boolean>();
    for (const u of units) {
      expect(u.half).toBe(u.start < table.decayEnd);
      expect(segments.get(u.segment) ?? u.half).toBe(u.half); // one storage type a segment
      segments.set(u.segment, u.half);
      expect(u.at % 256).toBe(0);
      expect(u.at + (u.end - u.start) * (u.half ? 2 : 4)).toBeLessThanOrEqual(max);
    }
    expect([...segments.values()].filter((h) => h).length).toBeGreaterThanOrEqual(4);
    for (const e of bound) expect(e.offset + e.size).toBeLessThanOrEqual(unitOf(units, e.offset).end);
  });

  it('refuses a limit below one bound unit, naming its size', () => {
    const qkv = table.layers[0].qkv.size * 4;
    expect(() => placeUnits(table, qkv - 4, false)).toThrow(/A tensor of \d+ bytes is over the \d+-byte buffer limit/);
  });
});

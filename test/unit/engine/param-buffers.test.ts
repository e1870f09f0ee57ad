// Where a frozen base too large for one device buffer is cut: only where a bound tensor starts, never inside the
// fused q·k·v or gate·up spans, each segment within the limit.
import { describe, expect, it } from 'vitest';
import { buildParamTable, presetConfig } from '../../../src/engine';
import { segmentCuts } from '../../../src/engine/webgpu/param-buffers';

describe('parameter buffer segments', () => {
  const table = buildParamTable({ ...presetConfig('micro', 300), tiedEmbeddings: false });
  const starts = new Set(table.entries.map((e) => e.offset));
  const inside = new Set(table.layers.flatMap((l) => [l.k.offset, l.v.offset, l.up.offset]));

  it('one segment when the model fits', () => {
    expect(segmentCuts(table, table.total)).toEqual([0, table.total]);
  });

  for (const fraction of [0.5, 0.25, 0.12]) {
    it(`cuts a model at tensor starts outside the fused spans, every segment within ${fraction} of it`, () => {
      const max = Math.floor(table.total * fraction);
      const cuts = segmentCuts(table, max);
      expect(cuts[0]).toBe(0);
      expect(cuts.at(-1)).toBe(table.total);
      expect(cuts.length - 1).toBeGreaterThanOrEqual(Math.ceil(1 / fraction));
      for (let i = 1; i < cuts.length; i++) expect(cuts[i] - cuts[i - 1]).toBeLessThanOrEqual(max);
      for (const c of cuts.slice(1, -1)) {
        expect(starts.has(c)).toBe(true);
        expect(inside.has(c)).toBe(false);
      }
      // Every bound span lies inside one segment.
      for (const span of [...table.entries, ...table.layers.flatMap((l) => [l.qkv, l.gateup])].filter((e) => !inside.has(e.offset))) {
        const s = cuts.findLastIndex((c) => c <= span.offset);
        expect(span.offset + span.size).toBeLessThanOrEqual(cuts[s + 1]);
      }
    });
  }

  it('refuses a limit below one bound tensor, naming its size', () => {
    const qkv = table.layers[0].qkv.size;
    expect(() => segmentCuts(table, qkv - 1)).toThrow(/A tensor of \d+ floats is over the \d+-float buffer limit/);
  });
});

import { describe, expect, it } from 'vitest';
import { mix32, orderKey, sampleRow, uniform } from '../../../src/engine/reference/sample';

const greedy = { temperature: 0, topK: 0, topP: 1, seed: 0 };

function softmax(z: number[], T = 1): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp((v - m) / T));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Frequencies of `n` draws at successive steps of one row. */
function histogram(z: Float32Array, p: typeof greedy, n: number): number[] {
  const h = new Array(z.length).fill(0);
  for (let step = 0; step < n; step++) h[sampleRow(z, z.length, p, 3, step)]++;
  return h.map((c) => c / n);
}

describe('reference sampler', () => {
  it('hash and uniforms: lowbias32 known value, values in (0, 1), mean ½', () => {
    expect(mix32(0)).toBe(0);
    expect(mix32(1)).toBe(mix32(1));
    expect(mix32(1)).not.toBe(mix32(2));
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const u = uniform(7, 1, 2, i);
      expect(u > 0 && u < 1).toBe(true);
      sum += u;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 2);
    expect(uniform(7, 1, 2, 3)).not.toBe(uniform(8, 1, 2, 3));
    expect(uniform(7, 1, 2, 3)).not.toBe(uniform(7, 2, 2, 3));
    expect(uniform(7, 1, 2, 3)).not.toBe(uniform(7, 1, 3, 3));
  });

  it('order keys sort like the floats', () => {
    const xs = [-Infinity, -3e38, -1, -1e-30, -0, 0, 1e-30, 0.5, 1, 3e38, Infinity];
    for (let i = 1; i < xs.length; i++) expect(orderKey(xs[i])).toBeGreaterThan(orderKey(xs[i - 1]));
  });

  it('greedy takes the argmax, the lowest index on ties', () => {
    expect(sampleRow(Float32Array.of(0.1, 0.7, -2, 0.7), 4, greedy, 0, 0)).toBe(1);
    expect(sampleRow(Float32Array.of(-5, -5, -5), 3, greedy, 0, 0)).toBe(0);
  });

  it('top-k 1 and a tiny top-p are greedy at any temperature', () => {
    const z = Float32Array.of(0.3, 2.5, 2.4, -1, 0);
    for (let step = 0; step < 50; step++) {
      expect(sampleRow(z, 5, { temperature: 2, topK: 1, topP: 1, seed: 9 }, 0, step)).toBe(1);
      expect(sampleRow(z, 5, { temperature: 2, topK: 0, topP: 1e-6, seed: 9 }, 0, step)).toBe(1);
    }
  });

  it('draws follow softmax(z / T) (4000 draws, within 0.03)', () => {
    const z = Float32Array.of(1, 0, 2, -1);
    const want = softmax([1, 0, 2, -1], 0.8);
    const got = histogram(z, { temperature: 0.8, topK: 0, topP: 1, seed: 1 }, 4000);
    for (let i = 0; i < 4; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(0.03);
  });

  it('top-k keeps the k largest (ties at the edge kept), renormalised', () => {
    const z = Float32Array.of(1, 3, 2, 0, 2);
    const got = histogram(z, { temperature: 1, topK: 2, topP: 1, seed: 2 }, 3000);
    expect(got[0] + got[3]).toBe(0); // ties at 2: tokens 1, 2, 4 kept
    const want = softmax([3, 2, 2]);
    expect(Math.abs(got[1] - want[0])).toBeLessThan(0.03);
    expect(Math.abs(got[2] - want[1])).toBeLessThan(0.03);
  });

  it('top-p keeps the smallest top set reaching the mass', () => {
    const z = Float32Array.from([Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)]);
    const got = histogram(z, { temperature: 1, topK: 0, topP: 0.75, seed: 3 }, 3000); // 0.5 + 0.3 ≥ 0.75
    expect(got[2] + got[3]).toBe(0);
    expect(Math.abs(got[0] - 0.5 / 0.8)).toBeLessThan(0.03);
  });

  it('the same seed, row and step give the same draw; other seeds differ somewhere', () => {
    const z = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i));
    const p = { temperature: 1, topK: 20, topP: 0.9, seed: 11 };
    const a = Array.from({ length: 40 }, (_, s) => sampleRow(z, 50, p, 2, s));
    const b = Array.from({ length: 40 }, (_, s) => sampleRow(z, 50, p, 2, s));
    const c = Array.from({ length: 40 }, (_, s) => sampleRow(z, 50, { ...p, seed: 12 }, 2, s));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

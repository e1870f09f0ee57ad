// Llama 3.1/3.2 rope_scaling ("llama3") against the published formula, written here again as Meta's reference code
// (llama-models, apply_scaling) writes it: a loop over frequencies with three branches, in f64.
import { describe, expect, it } from 'vitest';
import { validateConfig, type ModelConfig } from '../../../src/engine/config';
import { ropeInvFreq, type Llama3RopeScaling } from '../../../src/engine/rope-frequencies';
import { ropeForward } from '../../../src/engine/reference/rope';
import { hfInvFreq } from '../../helpers/hf-llama';
import { expectClose } from '../../helpers/numeric';

function metaApplyScaling(freqs: number[], scaleFactor: number, lowFreqFactor: number, highFreqFactor: number, oldContextLen: number): number[] {
  const lowFreqWavelen = oldContextLen / lowFreqFactor;
  const highFreqWavelen = oldContextLen / highFreqFactor;
  const newFreqs: number[] = [];
  for (const freq of freqs) {
    const wavelen = (2 * Math.PI) / freq;
    if (wavelen < highFreqWavelen) newFreqs.push(freq);
    else if (wavelen > lowFreqWavelen) newFreqs.push(freq / scaleFactor);
    else {
      const smooth = (oldContextLen / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
      newFreqs.push((1 - smooth) * (freq / scaleFactor) + smooth * freq);
    }
  }
  return newFreqs;
}

/** Meta's precompute_freqs_cis: 1 / theta^(arange(0, dim, 2) / dim). */
const baseFreqs = (hd: number, theta: number) => Array.from({ length: hd / 2 }, (_, i) => 1 / theta ** ((2 * i) / hd));

// The rope_scaling of Llama-3.1-8B (head dim 128) and of Llama-3.2-1B (head dim 64), as their config.json files have them.
const LLAMA_31: { hd: number; theta: number; scaling: Llama3RopeScaling } = {
  hd: 128, theta: 500000, scaling: { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192 },
};
const LLAMA_32: typeof LLAMA_31 = {
  hd: 64, theta: 500000, scaling: { type: 'llama3', factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192 },
};

/** Which band each frequency falls in: the formula's three branches. */
function bands(hd: number, theta: number, s: Llama3RopeScaling): ('high' | 'medium' | 'low')[] {
  return baseFreqs(hd, theta).map((f) => {
    const wavelen = (2 * Math.PI) / f;
    return wavelen < s.originalMaxPositionEmbeddings / s.highFreqFactor ? 'high' : wavelen > s.originalMaxPositionEmbeddings / s.lowFreqFactor ? 'low' : 'medium';
  });
}

describe('rope_scaling llama3', () => {
  for (const [name, { hd, theta, scaling: s }] of [['Llama-3.1-8B', LLAMA_31], ['Llama-3.2-1B', LLAMA_32]] as const) {
    it(`${name}: inverse frequencies equal the published formula (f32 rounding), covering all three bands`, () => {
      const want = metaApplyScaling(baseFreqs(hd, theta), s.factor, s.lowFreqFactor, s.highFreqFactor, s.originalMaxPositionEmbeddings);
      const got = ropeInvFreq(hd, { theta, scaling: s });
      expectClose(got, want, { atol: 0, rtol: 2 ** -23 }, 'inv_freq');
      // transformers' tensor-style code (the oracle of the import test) agrees as well.
      expectClose(hfInvFreq(hd, theta, { rope_type: 'llama3', factor: s.factor, low_freq_factor: s.lowFreqFactor, high_freq_factor: s.highFreqFactor, original_max_position_embeddings: s.originalMaxPositionEmbeddings }), want, { atol: 0, rtol: 1e-15 }, 'hf');

      const band = bands(hd, theta, s);
      expect(new Set(band)).toEqual(new Set(['high', 'medium', 'low']));
      const plain = ropeInvFreq(hd, theta);
      band.forEach((b, i) => {
        if (b === 'high') expect(got[i]).toBe(plain[i]);
        else if (b === 'low') expect(got[i]).toBeCloseTo(plain[i] / s.factor, 12);
        else expect(got[i] < plain[i] && got[i] > plain[i] / s.factor, `medium band ${i}`).toBe(true);
      });
    });
  }

  it('without scaling the frequencies are theta^(-2i/hd), whether given as a number or an object', () => {
    const plain = ropeInvFreq(8, 10000);
    expect(Array.from(plain)).toEqual(baseFreqs(8, 10000).map(Math.fround));
    expect(ropeInvFreq(8, { theta: 10000 })).toEqual(plain);
  });

  it('the reference rope rotates each pair by position × its scaled frequency', () => {
    const { hd, theta, scaling } = LLAMA_32;
    const pos = 3000;
    const H = 1;
    // One q head, one k head, one v head at a single position; every pair starts as (1, 0).
    const qkv = new Float64Array(3 * hd);
    for (let h = 0; h < 2; h++) for (let i = 0; i < hd / 2; i++) qkv[h * hd + i] = 1;
    ropeForward(qkv, 1, 1, H, 1, hd, { theta, scaling }, pos);
    const want = metaApplyScaling(baseFreqs(hd, theta), scaling.factor, scaling.lowFreqFactor, scaling.highFreqFactor, scaling.originalMaxPositionEmbeddings);
    for (let i = 0; i < hd / 2; i++) {
      const angle = pos * want[i];
      // (1, 0) rotated by the angle is (cos, sin); f32 frequencies at position 3000 leave ~1e-4 rad.
      expect(qkv[i]).toBeCloseTo(Math.cos(angle), 3);
      expect(qkv[i + hd / 2]).toBeCloseTo(Math.sin(angle), 3);
    }
  });

  it('a model config with a scaling the formula cannot use is refused, naming the field', () => {
    const base: ModelConfig = { vocabSize: 10, dim: 16, nLayers: 1, nHeads: 2, nKvHeads: 2, hiddenDim: 24, maxSeqLen: 32, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: true };
    const ok = LLAMA_31.scaling;
    expect(() => validateConfig({ ...base, ropeScaling: ok })).not.toThrow();
    expect(() => validateConfig({ ...base, ropeScaling: { ...ok, highFreqFactor: 1 } })).toThrow(/highFreqFactor \(1\) must exceed lowFreqFactor \(1\)/);
    expect(() => validateConfig({ ...base, ropeScaling: { ...ok, factor: 0.5 } })).toThrow(/ropeScaling\.factor must be at least 1/);
    expect(() => validateConfig({ ...base, ropeScaling: { ...ok, originalMaxPositionEmbeddings: 81.5 } })).toThrow(/originalMaxPositionEmbeddings must be a positive integer/);
  });
});

import { describe, expect, it } from 'vitest';
import { adamwStep, clipScale, gradNormSquared, type AdamwHyper } from '../../../src/engine/reference/adamw';

const h: AdamwHyper = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.5, step: 1, gradScale: 1 };

describe('reference adamw', () => {
  it('first step moves each parameter by lr·sign(g) plus decoupled decay on [0, decayEnd) only', () => {
    const params = Float64Array.of(1, 1, 1, 1);
    const m = new Float64Array(4);
    const v = new Float64Array(4);
    adamwStep(params, Float64Array.of(2, -3, 2, -3), m, v, 4, 2, h);
    // Bias correction makes m̂ = g and v̂ = g², so the Adam term is g/|g| (up to eps).
    expect(params[0]).toBeCloseTo(1 - 0.1 * (1 + 0.5), 7);
    expect(params[1]).toBeCloseTo(1 - 0.1 * (-1 + 0.5), 7);
    expect(params[2]).toBeCloseTo(1 - 0.1, 7);
    expect(params[3]).toBeCloseTo(1 + 0.1, 7);
    expect(m[0]).toBeCloseTo(0.2, 12);
    expect(v[1]).toBeCloseTo(0.009, 12);
  });

  it('the gradient scale enters before the moments', () => {
    const m = new Float64Array(1);
    const v = new Float64Array(1);
    adamwStep(new Float64Array(1), Float64Array.of(4), m, v, 1, 0, { ...h, gradScale: 0.25 });
    expect(m[0]).toBeCloseTo(0.1, 12);
    expect(v[0]).toBeCloseTo(0.001, 12);
  });

  it('gradient norm and clip scale', () => {
    expect(gradNormSquared(Float64Array.of(3, 4, 99), 2)).toBe(25);
    expect(clipScale(25, 1)).toBeCloseTo(0.2, 15);
    expect(clipScale(25, 10)).toBe(1);
    expect(clipScale(25, 0)).toBe(1);
  });
});

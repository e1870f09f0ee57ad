// The token-weight view's shading: opacity proportional to the weight on a fixed scale up to the w slider's maximum,
// so w = 1.5, 4 and 5 look different, and the legend's words for weight 0, 1 and w.
import { describe, expect, it } from 'vitest';
import {
  FULL_ALPHA, W_SLIDER, formatWeight, markAlign, scaleGradient, scaleMax, scalePosition, weightAlpha, weightLegend, weightShade,
} from '../../../src/ui/trajectories/weight-scale';

describe('weight scale', () => {
  it('opacity is proportional to the weight, the same scale whatever w is', () => {
    const max = scaleMax(1.5);
    expect(max).toBe(W_SLIDER.max);
    expect(scaleMax(4)).toBe(max);
    expect(weightAlpha(0, max)).toBe(0);
    expect(weightAlpha(1, max)).toBeCloseTo(FULL_ALPHA / 5, 3);
    expect(weightAlpha(5, max)).toBe(FULL_ALPHA);
    const [a15, a4, a5] = [1.5, 4, 5].map((w) => weightAlpha(w, max));
    expect(a15).toBeCloseTo(1.5 * weightAlpha(1, max), 3);
    expect(a4 - a15).toBeGreaterThan(0.3);
    expect(a5 - a4).toBeGreaterThan(0.15);
    expect(weightShade(4, max)).toBe('rgba(237, 137, 54, 0.68)');
    expect(scaleGradient(max)).toBe('linear-gradient(to right, rgba(237, 137, 54, 0), rgba(237, 137, 54, 0.85))');
  });

  it('a w above the slider (from a run configuration) becomes the top of the scale; nothing goes past full', () => {
    expect(scaleMax(8)).toBe(8);
    expect(weightAlpha(8, scaleMax(8))).toBe(FULL_ALPHA);
    expect(weightAlpha(9, 5)).toBe(FULL_ALPHA);
    expect(weightAlpha(-1, 5)).toBe(0);
    expect(scaleMax(Number.NaN)).toBe(W_SLIDER.max);
  });

  it('places weights on the scale bar, labels at the ends kept inside', () => {
    expect(scalePosition(0, 5)).toBe(0);
    expect(scalePosition(1.5, 5)).toBe(30);
    expect(scalePosition(5, 5)).toBe(100);
    expect([0, 30, 100].map(markAlign)).toEqual(['start', 'center', 'end']);
  });

  it('the legend: weight 0 is padding, 1 before the first Feedback:, w from it on', () => {
    expect(weightLegend(1.2000000000000002)).toEqual([
      { weight: 0, name: '0', tokens: 'padding, which the loss skips (this text has none)' },
      { weight: 1, name: '1', tokens: 'every token before the first Feedback:' },
      { weight: 1.2000000000000002, name: 'w = 1.2', tokens: 'from the first Feedback: to the end' },
    ]);
    expect(formatWeight(4)).toBe('4');
  });
});

import { describe, expect, it } from 'vitest';
import { auc } from '../../src/util/auc';

describe('auc', () => {
  it('is 1 when every positive scores above every negative, 0 when below, 0.5 for ties', () => {
    expect(auc([0.9, 0.8], [0.1, 0.2, 0.3])).toBe(1);
    expect(auc([0.1], [0.5, 0.6])).toBe(0);
    expect(auc([0.5, 0.5], [0.5])).toBe(0.5);
  });
  it('counts the ordered pairs: 3 of 4 here', () => {
    expect(auc([0.4, 0.9], [0.3, 0.5])).toBe(0.75);
  });
  it('is NaN without both classes', () => {
    expect(auc([], [0.1])).toBeNaN();
    expect(auc([0.1], [])).toBeNaN();
  });
});

// Counts in words (one thing is singular, every other count plural) and shares in percent.
import { describe, expect, it } from 'vitest';
import { formatPercent, noun, plural } from '../../../src/ui/format';

describe('plural', () => {
  it('says "1 checkpoint" but "0 checkpoints" and "2 checkpoints"', () => {
    expect(plural(1, 'checkpoint')).toBe('1 checkpoint');
    expect(plural(0, 'checkpoint')).toBe('0 checkpoints');
    expect(plural(2, 'checkpoint')).toBe('2 checkpoints');
  });

  it('takes an irregular plural', () => {
    expect(plural(1, 'trajectory', 'trajectories')).toBe('1 trajectory');
    expect(plural(30, 'trajectory', 'trajectories')).toBe('30 trajectories');
    expect(plural(1, 'line was', 'lines were')).toBe('1 line was');
    expect(plural(3, 'line was', 'lines were')).toBe('3 lines were');
  });

  it('groups thousands and treats fractions and negatives as plural', () => {
    expect(plural(12345, 'problem')).toBe('12,345 problems');
    expect(plural(1.5, 'step')).toBe('1.5 steps');
    expect(plural(-1, 'step')).toBe('-1 steps');
    expect(noun(1, 'attempt')).toBe('attempt');
    expect(noun(4, 'attempt')).toBe('attempts');
  });
});

describe('formatPercent', () => {
  it('gives a share in percent with one decimal, and a dash for a missing one', () => {
    expect(formatPercent(0.625)).toBe('62.5');
    expect(formatPercent(1)).toBe('100.0');
    expect(formatPercent(0)).toBe('0.0');
    expect(formatPercent(undefined)).toBe('–');
    expect(formatPercent(null)).toBe('–');
  });
});

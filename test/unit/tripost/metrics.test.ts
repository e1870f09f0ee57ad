// SI.Freq and SI.Contrib (DESIGN.md §5) on hand-made evaluation transcripts.
import { describe, expect, it } from 'vitest';
import { siMetrics } from '../../../src/tripost/evaluate';

const t = (selfImproved: boolean, initialCorrect: boolean, finalCorrect: boolean) => ({ selfImproved, initialCorrect, finalCorrect });

describe('self-improvement metrics', () => {
  it('accuracy, SI.Freq and SI.Contrib follow their definitions', () => {
    const m = siMetrics([
      t(false, true, true), // right at once
      t(true, false, true), // fixed by self-improvement
      t(true, false, false), // tried, still wrong
      t(true, true, true), // tried, was already right
      t(false, false, false), // wrong, no attempt
    ]);
    expect(m.n).toBe(5);
    expect(m.accuracy).toBeCloseTo(3 / 5);
    expect(m.siFreq).toBeCloseTo(3 / 5);
    expect(m.siContrib).toBeCloseTo(1 / 3); // one of three correct finals was wrong before SI
  });

  it('is zero, not NaN, with no questions or no correct answers', () => {
    expect(siMetrics([])).toEqual({ accuracy: 0, siFreq: 0, siContrib: 0, n: 0 });
    expect(siMetrics([t(true, false, false)]).siContrib).toBe(0);
  });
});

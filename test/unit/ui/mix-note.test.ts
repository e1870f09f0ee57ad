// The Learn page's note on the training mix: what p asks for and why the improvement share differs, read from the mix
// that rebalance (src/tripost/postprocess.ts) made — including the page's own sample batch at p = 0.1.
import { describe, expect, it } from 'vitest';
import { rebalance, type Example } from '../../../src/tripost/postprocess';
import { mixNote, percent } from '../../../src/ui/learn/mix-note';
import { mixFor, sampleBatch } from '../../../src/ui/learn/sample-batch';

const make = (kind: Example['kind'], n: number): Example[] => Array.from({ length: n }, (_, i) => ({ kind, text: `${kind}${i}`, weightFrom: null, trajectoryId: null }));
const mix = (imp: number, correct: number, gold: number, p: number | null) => rebalance(make('improvement', imp), make('correct', correct), make('gold', gold), p, 1).mix;

describe('mix note', () => {
  it('p = 0.1 with too few directly-correct and gold examples: all are used, and the share is 25%, not 10%', () => {
    expect(mixNote(mix(16, 24, 24, 0.1), 0.1)).toEqual({
      kind: 'short',
      text:
        'p = 0.10 asks for 10% improvement examples: with 16 of them, that is 72 directly-correct and 72 gold examples. ' +
        'This batch has only 24 directly-correct and 24 gold examples, so all of them are used, and improvement examples make up 25% of the mix.',
    });
  });

  it('runs short of directly-correct examples while gold is left over: as many gold as directly correct', () => {
    expect(mixNote(mix(16, 10, 40, 0.1), 0.1).text).toContain(
      'This batch has only 10 directly-correct examples, so all of them are used, with as many gold, and improvement examples make up 44% of the mix.',
    );
  });

  it('a fractional count rounds up: p = 0.43 gives 42%', () => {
    expect(mixNote(mix(16, 24, 24, 0.43), 0.43)).toEqual({
      kind: 'rounded',
      text:
        'p = 0.43 asks for 43% improvement examples: with 16 of them, that is 10.6 directly-correct and 10.6 gold examples. ' +
        'Counts are whole numbers, so that rounds up to 11 directly-correct and 11 gold, and improvement examples make up 42% of the mix.',
    });
    expect(mixNote(mix(16, 24, 5, 0.43), 0.43).text).toContain('rounds up to 11 directly-correct, but the batch has only 5 gold examples, and improvement examples make up 50% of the mix.');
  });

  it('whole counts give the share asked for; too little gold alone says so', () => {
    expect(mixNote(mix(16, 24, 24, 0.5), 0.5)).toEqual({
      kind: 'exact',
      text: 'p = 0.50 asks for 50% improvement examples: with 16 of them, that is 8 directly-correct and 8 gold examples. Those are whole numbers, so improvement examples make up 50% of the mix, as asked.',
    });
    expect(mixNote(mix(16, 24, 4, 0.5), 0.5)).toMatchObject({ kind: 'short', text: expect.stringContaining('This batch has only 4 gold examples, so all of them are used, and improvement examples make up 57% of the mix.') });
  });

  it('no rebalancing, and no improvement examples', () => {
    expect(mixNote(mix(16, 24, 24, null), null)).toEqual({ kind: 'unset', text: 'Without rebalancing, improvement examples make up 40% of the mix.' });
    expect(mixNote(mix(0, 24, 24, 0.43), 0.43)).toEqual({
      kind: 'empty',
      text: 'p = 0.43 asks for 43% improvement examples, but this batch has none, so rebalancing keeps no directly-correct or gold examples either.',
    });
  });

  it("the Learn page's sample batch at p = 0.1: the counts are capped by what the batch has", async () => {
    const batch = await sampleBatch('msa', 24, 'quick');
    const m = mixFor(batch, 0.1);
    const note = mixNote(m, 0.1);
    expect(note.kind).toBe('short');
    expect(note.text).toContain(`make up ${percent(m.improvement, m.improvement + m.correct + m.gold)} of the mix`);
    expect(note.text).not.toContain('make up 10%');
  });

  it('percent as the page shows it', () => {
    expect(percent(16, 64)).toBe('25%');
    expect(percent(0, 0)).toBe('0%');
  });
});

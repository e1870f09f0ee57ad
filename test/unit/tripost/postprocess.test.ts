// Post-processing on hand-made trajectories: the split into turns, the counts for p, the token weights.
import { describe, expect, it } from 'vitest';
import { taskTokenizer } from '../../../src/engine/tokenizer';
import type { Turn } from '../../../src/store';
import { generateProblems } from '../../../src/tasks';
import { makeBatch, tokenizeExample } from '../../../src/tripost/batches';
import { DEFAULT_P } from '../../../src/tripost/config';
import { NotEnoughData, goldExample, postprocess, rebalance, splitTrajectory, type Example } from '../../../src/tripost/postprocess';

const prompt = "Q: q?\nAnswer: Let's think step by step.";
const turn = (attempt: string, feedback: string, kind: Turn['feedbackKind']): Turn => ({ attempt, feedback, feedbackKind: kind });
const trajectory = (id: number, turns: Turn[]) => ({ id, problem: { id: `p${id}`, question: 'q?', prompt }, turns, kept: true });

describe('split into turns', () => {
  it('q, a0, f0, a1, f1, a2, f2 → (a0, f0 → a1), (a1, f1 → a2) and (a2, f2)', () => {
    const t = trajectory(7, [turn('(1) A0.', 'F0.', 'error'), turn('(1) A1.', 'F1.', 'error'), turn('(1) A2.', 'F2 ok.', 'correct')]);
    const examples = splitTrajectory(t);
    expect(examples.map((e) => [e.kind, e.text])).toEqual([
      ['improvement', `${prompt}\n(1) A0.\nFeedback: F0.\nUpdated Answer: Let's think step by step.\n(1) A1.`],
      ['improvement', `${prompt}\n(1) A1.\nFeedback: F1.\nUpdated Answer: Let's think step by step.\n(1) A2.`],
      ['correct', `${prompt}\n(1) A2.\nFeedback: F2 ok.`],
    ]);
    for (const e of examples) {
      expect(e.trajectoryId).toBe(7);
      expect(e.text.slice(e.weightFrom!)).toMatch(/^Feedback: /);
    }
  });

  it('a directly correct trajectory gives one correct example', () => {
    expect(splitTrajectory(trajectory(1, [turn('(1) A.', 'ok.', 'correct')])).map((e) => e.kind)).toEqual(['correct']);
  });
});

describe('rebalancing', () => {
  const make = (kind: Example['kind'], n: number): Example[] => Array.from({ length: n }, (_, i) => ({ kind, text: `${kind}${i}`, weightFrom: null, trajectoryId: null }));

  it('improvement : correct : gold = r : 1 : 1 with r = 1.5 at the default p', () => {
    const { mix } = rebalance(make('improvement', 30), make('correct', 50), make('gold', 50), DEFAULT_P, 1);
    expect(mix).toMatchObject({ improvement: 30, correct: 20, gold: 20 });
  });

  it('is capped by what is available, and p = null keeps everything without gold', () => {
    expect(rebalance(make('improvement', 30), make('correct', 5), make('gold', 3), DEFAULT_P, 1).mix).toMatchObject({ improvement: 30, correct: 5, gold: 3 });
    expect(rebalance(make('improvement', 30), make('correct', 5), make('gold', 3), null, 1).mix).toMatchObject({ improvement: 30, correct: 5, gold: 0 });
    // p = 0.6 → r = 3: 30 improvement examples ask for 10 correct and 10 gold.
    expect(rebalance(make('improvement', 30), make('correct', 50), make('gold', 50), 0.6, 1).mix).toMatchObject({ correct: 10, gold: 10 });
  });

  it('too little data ends with "not enough training data"', () => {
    expect(() => postprocess([], [], { p: DEFAULT_P, seed: 1, minExamples: 4 })).toThrow(NotEnoughData);
    expect(() => postprocess([], [], { p: DEFAULT_P, seed: 1, minExamples: 4 })).toThrow(/not enough training data/);
  });
});

describe('token weights', () => {
  const tok = taskTokenizer();

  it('are exactly w from the first Feedback: to the end (EOS included), 1 before, 0 on padding', () => {
    const ex = splitTrajectory(trajectory(1, [turn('(1) A0.', 'F0.', 'error'), turn('(1) A1.', 'ok.', 'correct')]))[0];
    const { tokens, weights } = tokenizeExample(ex, tok, 1.5);
    expect(tokens.length).toBe(ex.text.length + 2); // BOS + characters + EOS
    for (let i = 0; i < weights.length; i++) {
      // Target i is character i of the text (tokens[i + 1]); the last target is EOS.
      const inTail = i >= ex.weightFrom!;
      expect(weights[i], `target ${i}`).toBe(inTail ? 1.5 : 1);
    }
    const batch = makeBatch([{ tokens, weights }], 2, tokens.length + 10, tok.pad);
    const T = batch.seqLen;
    expect(Array.from(batch.weights.subarray(tokens.length - 1, T)).every((w) => w === 0)).toBe(true);
    expect(Array.from(batch.weights.subarray(T)).every((w) => w === 0)).toBe(true);
    expect(Array.from(batch.targets.subarray(0, tokens.length - 1))).toEqual(Array.from(tokens.subarray(1)));
  });

  it('attemptWeight weighs the prompt and wrong attempt of improvement examples only', () => {
    const [improvement, correct] = splitTrajectory(trajectory(1, [turn('(1) A0.', 'F0.', 'error'), turn('(1) A1.', 'ok.', 'correct')]));
    expect([improvement.kind, correct.kind]).toEqual(['improvement', 'correct']);
    const imp = tokenizeExample(improvement, tok, 1.5, 0).weights;
    for (let i = 0; i < imp.length; i++) expect(imp[i], `target ${i}`).toBe(i >= improvement.weightFrom! ? 1.5 : 0);
    // A correct example's attempt is right: it keeps weight 1 whatever attemptWeight says.
    expect(tokenizeExample(correct, tok, 1.5, 0).weights).toEqual(tokenizeExample(correct, tok, 1.5).weights);
  });

  it('gold examples weigh 1 everywhere and end in the one "correct" wording', () => {
    const [problem] = generateProblems('msa', 'seen', 1, 4);
    const gold = goldExample(problem);
    expect(gold.text).toMatch(/\nFeedback: Step \(1\) to step \(\d+\) are correct\. The final response is also correct\.$/);
    const { weights } = tokenizeExample(gold, tok, 1.5);
    expect(weights.every((w) => w === 1)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkImprovement,
  injectError,
  isCorrectAnswer,
  mixSeed,
  mulberry32,
  parseFeedback,
  renderFeedback,
  scriptedFeedback,
  scriptedImprove,
  countSteps,
  FINAL,
} from '../../../src/tasks/index';
import { COMBOS, problemsFor } from './helpers';

describe.each(COMBOS)('%s %s with one injected error', (task, split) => {
  const problems = problemsFor(task, split);

  it('is flagged at the injected step with the injected segment', () => {
    problems.forEach((p, i) => {
      const inj = injectError(p, mulberry32(mixSeed(7, i)));
      const fb = scriptedFeedback(p, inj.attempt);
      expect(fb, `${p.id}\n${inj.attempt}`).toMatchObject({ kind: 'error', step: inj.step, segment: inj.segment });
    });
  });

  it('is improved legally to a correct answer by the scripted improver', () => {
    problems.forEach((p, i) => {
      const inj = injectError(p, mulberry32(mixSeed(11, i)));
      const fb = scriptedFeedback(p, inj.attempt);
      const improved = scriptedImprove(p, inj.attempt, fb);
      expect(checkImprovement(inj.attempt, fb, improved), p.id).toEqual({ legal: true });
      expect(scriptedFeedback(p, improved), p.id).toEqual({ kind: 'correct' });
      expect(isCorrectAnswer(p, improved)).toBe(true);
    });
  });

  it('gives feedback whose text parses back to the same feedback', () => {
    problems.forEach((p, i) => {
      const inj = injectError(p, mulberry32(mixSeed(13, i)));
      const fb = scriptedFeedback(p, inj.attempt);
      const text = renderFeedback(fb, countSteps(inj.attempt));
      expect(parseFeedback(text)).toEqual(fb);
      if (fb.kind === 'error' && fb.prevStep !== null) expect(text.startsWith('Step (1) ')).toBe(true);
      if (fb.kind === 'error' && fb.step === FINAL) expect(text).toContain('In step (Final response) the part "');
    });
  });

  it('covers several different steps', () => {
    const steps = new Set(problems.map((p, i) => injectError(p, mulberry32(mixSeed(7, i))).step));
    expect(steps.size).toBeGreaterThanOrEqual(3);
    expect(steps.has(FINAL)).toBe(true);
  });
});

describe('word sorting injections', () => {
  const problems = problemsFor('ws', 'seen');
  const reasons = (careless: boolean) =>
    problems.map((p, i) => scriptedFeedback(p, injectError(p, mulberry32(mixSeed(17, i)), careless).attempt)).map((fb) => (fb.kind === 'error' ? fb.reason : fb.kind));

  it("include the copying mistakes a small model makes: a miscopied word, a tie word twice, the task's own word", () => {
    const all = reasons(false);
    expect(all.some((r) => /^"[a-z]+" is not in the list$/.test(r))).toBe(true);
    expect(all.some((r) => /^"[a-z]+" appears twice$/.test(r))).toBe(true);
    const own = problems.map((p, i) => injectError(p, mulberry32(mixSeed(17, i)))).filter((inj) => inj.step === '1' && /^(also|answer|are|correct|letter|order|step|list|words|sort|part|should|following)=/.test(inj.segment));
    expect(own.length).toBeGreaterThan(0);
  });

  it('leave them out when careless, as the task tokenizer corpus was built', () => {
    expect(reasons(true).some((r) => / is not in the list$| appears twice$/.test(r))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { createScriptedCritic, injectError, mixSeed, mulberry32, scriptedFeedback } from '../../../src/tasks/index';
import { COMBOS, problemsFor } from './helpers';

describe('scripted critic', () => {
  it('implements the Critic interface and honours an aborted signal', async () => {
    const critic = createScriptedCritic();
    const p = problemsFor('msa', 'seen')[0];
    expect(critic.name).toBe('script');
    expect(await critic.feedback(p, p.rationale)).toEqual({ kind: 'correct' });
    const ac = new AbortController();
    ac.abort();
    await expect(critic.feedback(p, p.rationale, ac.signal)).rejects.toThrow();
    await expect(critic.improve(p, p.rationale, { kind: 'format', reason: 'x' }, ac.signal)).rejects.toThrow();
  });

  // 20 problems a seed: the 7-object LD critic searches orderings, and 60 a seed took 3-5 s under load.
  it.each(COMBOS)('%s %s reasons are clean sentences without the reference typos', (task, split) => {
    problemsFor(task, split, 20).forEach((p, i) => {
      const fb = scriptedFeedback(p, injectError(p, mulberry32(mixSeed(3, i))).attempt);
      if (fb.kind !== 'error') throw new Error(`expected an error for ${p.id}`);
      expect(fb.reason.endsWith('.')).toBe(false);
      expect(fb.reason).not.toMatch(/\ban calculation|incosistent|\n/);
      expect(fb.reason[0]).toBe(fb.reason[0].toLowerCase());
    });
  });
});

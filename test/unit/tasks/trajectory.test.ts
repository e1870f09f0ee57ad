import { describe, expect, it } from 'vitest';
import {
  TASK_INFO,
  charsOutsideAlphabet,
  createScriptedCritic,
  generateProblems,
  injectError,
  mulberry32,
  parseFeedback,
  parseTrajectory,
  renderFeedback,
  renderTrajectory,
  splitTrajectory,
  type Feedback,
  type Trajectory,
} from '../../../src/tasks/index';
import { COMBOS } from './helpers';

describe('feedback sentences (DESIGN.md §4)', () => {
  it('render the exact wordings', () => {
    expect(renderFeedback({ kind: 'correct' }, 4)).toBe('Step (1) to step (4) are correct. The final response is also correct.');
    const err: Feedback = { kind: 'error', step: '2', prevStep: '1', segment: '(-15 + 8) = -6', reason: 'there is a calculation error, since (-15 + 8) is not equal to -6' };
    expect(renderFeedback(err, 4)).toBe(
      'Step (1) is correct. In step (2) the part "(-15 + 8) = -6" is incorrect. This is because there is a calculation error, since (-15 + 8) is not equal to -6.',
    );
    expect(renderFeedback({ ...err, step: 'Final response', prevStep: '4' }, 4)).toMatch(/^Step \(1\) to step \(4\) are correct\. In step \(Final response\) the part/);
    expect(renderFeedback({ ...err, step: '1', prevStep: null }, 4)).toMatch(/^In step \(1\) the part/);
    expect(renderFeedback({ ...err, step: '3.2', prevStep: '3.1' }, 4)).toMatch(/^Step \(1\) to step \(3\.1\) are correct\. In step \(3\.2\)/);
    expect(renderFeedback({ kind: 'format', reason: 'the answer is empty' }, 0)).toBe('The answer is not in the step format. This is because the answer is empty.');
  });

  it('parse back, with quotes inside the quoted part, and reject other text', () => {
    const fbs: Feedback[] = [
      { kind: 'correct' },
      { kind: 'error', step: '3.1', prevStep: '3', segment: '(19)"x" < (3)y', reason: 'words with (3) should come before words with (19)' },
      { kind: 'error', step: '1', prevStep: null, segment: 'By letter 2', reason: 'the first step looks at letter 1' },
      { kind: 'format', reason: 'step (2) is incomplete' },
    ];
    for (const fb of fbs) expect(parseFeedback(renderFeedback(fb, 3))).toEqual(fb);
    expect(parseFeedback('Feedback: Step (1) to step (3) are correct. The final response is also correct.')).toEqual({ kind: 'correct' });
    expect(parseFeedback('Step (1) is correct. The final response is also correct.')).toEqual({ kind: 'correct' });
    expect(parseFeedback('looks fine to me')).toBeNull();
    expect(parseFeedback('')).toBeNull();
  });
});

/** A trajectory built by the scripted critic from an injected error, with `rounds` improvements. */
async function trajectoryWith(rounds: number, task: (typeof COMBOS)[number][0], split: (typeof COMBOS)[number][1], seed: number): Promise<Trajectory> {
  const p = generateProblems(task, split, 1, seed)[0];
  const critic = createScriptedCritic();
  const turns: Trajectory['turns'] = [];
  let attempt = rounds === 0 ? p.rationale : injectError(p, mulberry32(seed)).attempt;
  for (let r = 0; r < rounds; r++) {
    const feedback = await critic.feedback(p, attempt);
    turns.push({ attempt, feedback });
    // Later rounds re-inject so that there is something left to improve.
    attempt = r + 1 < rounds ? injectError(p, mulberry32(seed + r + 1)).attempt : await critic.improve(p, attempt, feedback);
  }
  turns.push({ attempt, feedback: await critic.feedback(p, attempt) });
  return { prompt: p.prompt, turns };
}

describe.each(COMBOS)('%s %s trajectory text', (task, split) => {
  it.each([0, 1, 3])('render → parse is the identity with %i improvement rounds', async (rounds) => {
    for (let seed = 1; seed <= 10; seed++) {
      const t = await trajectoryWith(rounds, task, split, seed);
      const text = renderTrajectory(t);
      expect(parseTrajectory(text)).toEqual(t);
      expect(renderTrajectory(parseTrajectory(text)!)).toBe(text);
      expect(charsOutsideAlphabet(text)).toEqual([]);
      expect(text.split('\nUpdated Answer:').length - 1).toBe(rounds);
      expect(text.endsWith('The final response is also correct.')).toBe(true);
    }
  });
});

describe('trajectory layout', () => {
  it('follows the Q: / Answer: / Feedback: / Updated Answer: format', async () => {
    const t = await trajectoryWith(1, 'msa', 'seen', 4);
    const text = renderTrajectory(t);
    const info = TASK_INFO.msa;
    expect(text.startsWith(`Q: `)).toBe(true);
    expect(text).toContain(`\nAnswer:${info}\n(1) `);
    expect(text).toContain(`\nFeedback: `);
    expect(text).toContain(`\nUpdated Answer:${info}\n(1) `);
  });

  it('keeps a last turn without feedback, and splits raw model output without throwing', () => {
    const p = generateProblems('ws', 'seen', 1, 1)[0];
    const t: Trajectory = { prompt: p.prompt, turns: [{ attempt: p.rationale }] };
    expect(parseTrajectory(renderTrajectory(t))).toEqual(t);
    const raw = splitTrajectory(`${p.prompt}\n(1) foo\nFeedback: whatever it says\nUpdated Answer: Let's think step by step.\n(1) bar`);
    expect(raw).toEqual({ prompt: p.prompt, turns: [{ attempt: '(1) foo', feedback: 'whatever it says' }, { attempt: '(1) bar' }] });
    expect(parseTrajectory(`${p.prompt}\n(1) foo\nFeedback: whatever it says`)).toBeNull();
    expect(splitTrajectory('no prompt here')).toBeNull();
  });
});

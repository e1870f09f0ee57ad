import { describe, expect, it } from 'vitest';
import { checkImprovement, containsSegment, generateProblems, type Feedback } from '../../../src/tasks/index';

const attempt = [
  '(1) This equation is "(A * B)" with A = (1 + 2 * 3) and B = (4 - 5).',
  "(2) Let's calculate A = (1 + 2 * 3) = (1 + 6) = 8.",
  "(3) Let's calculate B = (4 - 5) = -1.",
  '(4) Finally, (A * B) = (8 * -1) = -8.',
  '(Final response) So the answer is -8.',
];
const fixed = [...attempt.slice(0, 1), "(2) Let's calculate A = (1 + 2 * 3) = (1 + 6) = 7.", "(3) Let's calculate B = (4 - 5) = -1.", '(4) Finally, (A * B) = (7 * -1) = -7.', '(Final response) So the answer is -7.'];
const fb: Feedback = { kind: 'error', step: '2', prevStep: '1', segment: '(1 + 6) = 8', reason: 'there is a calculation error, since (1 + 6) is not equal to 8' };
const text = (lines: string[]) => lines.join('\n');

describe('checkImprovement', () => {
  it('accepts a rewrite from the error step on', () => {
    expect(checkImprovement(text(attempt), fb, text(fixed))).toEqual({ legal: true });
  });

  it('rejects a changed step before the error step', () => {
    const bad = [attempt[0].replace('(4 - 5)', '(4 - 6)'), ...fixed.slice(1)];
    expect(checkImprovement(text(attempt), fb, text(bad))).toMatchObject({ legal: false, reason: expect.stringContaining('step (1)') });
  });

  it('rejects an unchanged error step, or one that still contains the wrong part', () => {
    const same = [...attempt.slice(0, 2), ...fixed.slice(2)];
    expect(checkImprovement(text(attempt), fb, text(same)).legal).toBe(false);
    const still = [attempt[0], "(2) Let's calculate A = (1 + 2 * 3) = (1 + 6) = 8 = 7.", ...fixed.slice(2)];
    expect(checkImprovement(text(attempt), fb, text(still))).toMatchObject({ legal: false, reason: expect.stringContaining('still contains') });
  });

  it('requires the final response with "the answer is", and no trajectory markers', () => {
    expect(checkImprovement(text(attempt), fb, text(fixed.slice(0, -1))).legal).toBe(false);
    expect(checkImprovement(text(attempt), fb, text([...fixed.slice(0, -1), '(Final response) It is -7.'])).legal).toBe(false);
    expect(checkImprovement(text(attempt), fb, text([...fixed, 'Q: (1 + 1) ='])).legal).toBe(false);
    expect(checkImprovement(text(attempt), fb, text([fixed[0], 'Feedback: fine', ...fixed.slice(1)])).legal).toBe(false);
  });

  it('rejects feedback naming a step the attempt lacks, correct feedback, and no change at all', () => {
    expect(checkImprovement(text(attempt), { ...fb, step: '7' }, text(fixed)).legal).toBe(false);
    expect(checkImprovement(text(attempt), { kind: 'correct' }, text(fixed)).legal).toBe(false);
    expect(checkImprovement(text(attempt), { kind: 'format', reason: 'x' }, text(attempt)).legal).toBe(false);
    expect(checkImprovement('garbage', { kind: 'format', reason: 'x' }, generateProblems('msa', 'seen', 1, 1)[0].rationale)).toEqual({ legal: true });
  });

  it('matches the quoted part as a whole, not inside a longer number or word', () => {
    expect(containsSegment('(3 * 4) = 12.', '(3 * 4) = 1')).toBe(false);
    expect(containsSegment('(3 * 4) = 1.', '(3 * 4) = 1')).toBe(true);
    expect(containsSegment('the answer is -60.', 'the answer is -6')).toBe(false);
    expect(containsSegment('cat=c(3) scat=s(19)', 'cat=c(3)')).toBe(true);
    expect(containsSegment('scat=c(3)', 'cat=c(3)')).toBe(false);
    expect(containsSegment('anything', '')).toBe(false);
  });
});

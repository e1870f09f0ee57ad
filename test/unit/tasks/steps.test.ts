import { describe, expect, it } from 'vitest';
import { compareSteps, countSteps, parseAttempt, splitSteps } from '../../../src/tasks/index';

describe('attempt structure', () => {
  it('accepts pre-order sub-step numbering only where allowed', () => {
    const text = '(1) a.\n(2) b.\n(3) c.\n(3.1) d.\n(3.2) e.\n(3.2.1) f.\n(4) g.\n(Final response) So the answer is: x.';
    expect(parseAttempt(text, true)).toMatchObject({ ok: true });
    expect(parseAttempt(text, false)).toEqual({ ok: false, reason: 'the steps are not numbered in order' });
    expect(parseAttempt('(1) a.\n(3) b.\n(Final response) x.', false)).toMatchObject({ ok: false });
    expect(parseAttempt('(1) a.\n(1.2) b.\n(Final response) x.', true)).toMatchObject({ ok: false });
    expect(parseAttempt('(2) a.\n(Final response) x.', false)).toMatchObject({ ok: false });
  });

  it('names the format problems', () => {
    expect(parseAttempt('', false)).toEqual({ ok: false, reason: 'the answer is empty' });
    expect(parseAttempt('(1) a.\n(2) b', false)).toEqual({ ok: false, reason: 'step (2) is incomplete' });
    expect(parseAttempt('(1) a.\n(2) b.', false)).toEqual({ ok: false, reason: 'the final response is missing' });
    expect(parseAttempt('(1) a.\nhello.\n(Final response) x.', false)).toEqual({ ok: false, reason: 'a line does not start with a step number' });
    expect(parseAttempt('(1) a.\n(Final response) x.\n(2) b.', false)).toEqual({ ok: false, reason: 'there is text after the final response' });
    expect(parseAttempt('(Final response) x.', false)).toMatchObject({ ok: false });
  });

  it('skips a leading "Let\'s think step by step" line and blank lines', () => {
    expect(splitSteps(" Let's think step by step.\n\n(1) a.\n(Final response) x.").map((s) => s.label)).toEqual(['1', 'Final response']);
  });

  it('counts top-level steps only (the sub-step miscount of the reference is not copied)', () => {
    expect(countSteps('(1) a.\n(2) b.\n(3) c.\n(3.1) d.\n(3.2) e.\n(Final response) x.')).toBe(3);
    expect(countSteps('nothing')).toBe(0);
  });

  it('orders labels as they occur', () => {
    const labels = ['1', '2', '3', '3.1', '3.1.1', '3.2', '4', '10', 'Final response'];
    const shuffled = [...labels].reverse();
    expect(shuffled.sort(compareSteps)).toEqual(labels);
    expect(compareSteps('3.2', '3.2')).toBe(0);
  });
});

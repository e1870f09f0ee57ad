// "improved" only where the model had an answer to improve: noise the critic replaced is "rewritten".
import { describe, expect, it } from 'vitest';
import { hasAnswerFormat, shownOutcome } from '../../../src/ui/outcome';
import { correctTrajectory, improvedTrajectory } from '../../helpers/ui-fixtures';
import type { Trajectory } from '../../../src/store';

const asStored = (t: ReturnType<typeof improvedTrajectory>) => ({ ...t, id: 1, createdAt: 0 }) as Trajectory;

describe('shown outcome', () => {
  it('knows an answer in the task’s format, right or wrong, from noise', () => {
    expect(hasAnswerFormat('msa', '(1) 2 + 3 = 5.\n(Final response) So the answer is 5.')).toBe(true);
    expect(hasAnswerFormat('msa', 'the the 7 = ( ( so answer')).toBe(false);
    expect(hasAnswerFormat('ws', '(Final response) So the answer is apple pear.')).toBe(true);
    expect(hasAnswerFormat('du', 'So the answer is 12.')).toBe(false);
  });

  it('keeps "improved" when the first attempt had an answer, and says "rewritten" when it was noise', () => {
    const improved = asStored(improvedTrajectory(1));
    expect(shownOutcome(improved)).toBe('improved');
    const noise = { ...improved, turns: [{ ...improved.turns[0], attempt: '( ( 3 the - = =' }, improved.turns[1]] };
    expect(shownOutcome(noise)).toBe('rewritten');
    // Any earlier attempt with an answer is enough: noise, then an answer that was still wrong, then a right one.
    const third = { ...noise, turns: [noise.turns[0], improved.turns[0], improved.turns[1]] };
    expect(shownOutcome(third)).toBe('improved');
  });

  it('leaves the other outcomes as stored', () => {
    expect(shownOutcome(asStored(correctTrajectory(1)))).toBe('correct');
    expect(shownOutcome({ ...asStored(improvedTrajectory(2)), outcome: 'dropped' })).toBe('dropped');
  });
});

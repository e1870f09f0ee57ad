// The evaluation-answers viewer's logic: each answer right or wrong and what its self-improvement did, the filters and
// their counts, the checker's first wrong step in words, and a run's evaluations read defensively from the store.
import { describe, expect, it } from 'vitest';
import { answersOf, type EvalAnswer, type EvalAnswerTurn, type EvalRecordWithAnswers } from '../../../src/store';
import { ANSWER_FILTERS, checkText, evalSets, filterCounts, firstWrongStep, matchesFilter, modelLabel, siBadge, siEffect, type AnswerFilter } from '../../../src/ui/evals/answers';

const turn = (check: EvalAnswerTurn['check'], more: Partial<EvalAnswerTurn> = {}): EvalAnswerTurn => ({ attempt: '(1) x\n(Final response) So the answer is 1.', check, ...more });
const WRONG_STEP = turn('error', { errorStep: '2', segment: ' (0 - 4) = -3 ', reason: 'there is a calculation error, since (0 - 4) is not equal to -3' });

function answer(id: string, selfImproved: boolean, initialCorrect: boolean, finalCorrect: boolean): EvalAnswer {
  const turns = selfImproved ? [initialCorrect ? turn('correct') : WRONG_STEP, finalCorrect ? turn('correct') : WRONG_STEP] : [finalCorrect ? turn('correct') : WRONG_STEP];
  return { problem: { id, question: `${id} =`, answer: '12' }, turns, selfImproved, initialCorrect, finalCorrect };
}

const ANSWERS = {
  right: answer('right', false, true, true),
  wrong: answer('wrong', false, false, false),
  fixed: answer('fixed', true, false, true),
  broke: answer('broke', true, true, false),
  stillWrong: answer('still-wrong', true, false, false),
  stillRight: answer('still-right', true, true, true),
};

function record(iteration: number, split: 'seen' | 'unseen', createdAt: number, answers?: unknown): EvalRecordWithAnswers {
  return { id: createdAt, runId: 1, iteration, model: iteration ? `tripost-${iteration}` : 'ft-rationale', task: 'msa', split, n: 2, accuracy: 0.5, siFreq: 0, siContrib: 0, createdAt, ...(answers !== undefined && { answers: answers as EvalAnswer[] }) };
}

describe('evaluation answers: classification', () => {
  it('says what self-improvement did: nothing, fixed, broke, or left it wrong or right', () => {
    expect(Object.values(ANSWERS).map(siEffect)).toEqual(['none', 'none', 'fixed', 'broke', 'stillWrong', 'stillRight']);
    expect(siBadge('none')).toBeNull();
    expect(siBadge('fixed')).toMatchObject({ text: 'fixed itself', tone: 'good' });
    expect(siBadge('broke')).toMatchObject({ text: 'broke itself', tone: 'bad' });
    expect(siBadge('stillWrong')?.text).toBe('self-improved, still wrong');
    expect(siBadge('stillRight')?.title).toMatch(/Updated Answer/);
  });

  it('filters by the final answer, by self-improvement and by what it did, and counts each filter', () => {
    const all = Object.values(ANSWERS);
    const ids = (f: AnswerFilter) => all.filter((a) => matchesFilter(a, f)).map((a) => a.problem.id);
    expect(ids('all')).toHaveLength(6);
    expect(ids('correct')).toEqual(['right', 'fixed', 'still-right']);
    expect(ids('wrong')).toEqual(['wrong', 'broke', 'still-wrong']);
    expect(ids('selfImproved')).toEqual(['fixed', 'broke', 'still-wrong', 'still-right']);
    expect(ids('fixed')).toEqual(['fixed']);
    expect(ids('broke')).toEqual(['broke']);
    expect(filterCounts(all)).toEqual({ all: 6, correct: 3, wrong: 3, selfImproved: 4, fixed: 1, broke: 1 });
    expect(filterCounts([])).toEqual(Object.fromEntries(ANSWER_FILTERS.map((f) => [f, 0])));
  });

  it('names the checker’s first wrong step, or says every step is right, or that the attempt could not be read', () => {
    expect(firstWrongStep(WRONG_STEP)).toEqual({ step: '2', segment: ' (0 - 4) = -3 ', reason: 'there is a calculation error, since (0 - 4) is not equal to -3' });
    expect(firstWrongStep(turn('correct'))).toBeNull();
    expect(firstWrongStep(turn('format', { reason: 'a line does not start with a step number' }))).toBeNull();
    expect(checkText(WRONG_STEP)).toBe('first wrong step (2), the part “(0 - 4) = -3”: there is a calculation error, since (0 - 4) is not equal to -3.');
    expect(checkText(turn('error', { errorStep: 'Final response', reason: 'the answer is wrong' }))).toBe('first wrong step (Final response): the answer is wrong.');
    expect(checkText(turn('correct'))).toBe('every step is right.');
    expect(checkText(turn('format', { reason: 'a line does not start with a step number' }))).toBe('not in the step format: a line does not start with a step number.');
  });
});

describe('evaluation answers: a run’s evaluations', () => {
  it('one per iteration and split (the newest), by iteration with seen first; the model named', () => {
    const sets = evalSets([record(1, 'unseen', 40, []), record(1, 'seen', 30, [ANSWERS.fixed]), record(0, 'unseen', 20), record(0, 'seen', 10), record(1, 'seen', 5, [ANSWERS.wrong])]);
    expect(sets.map((s) => `${s.iteration}:${s.split}`)).toEqual(['0:seen', '0:unseen', '1:seen', '1:unseen']);
    expect(sets[2].answers.map((a) => a.problem.id)).toEqual(['fixed']);
    // Stored before answers were kept: none, and its numbers still there.
    expect(sets[0]).toMatchObject({ answers: [], n: 2, accuracy: 0.5, model: 'ft-rationale' });
    expect(modelLabel(0, 'ft-rationale')).toBe('ft rationale (iteration 0)');
    expect(modelLabel(2, 'tripost-2')).toBe('after iteration 2 (tripost-2)');
  });

  it('reads answers defensively: what is not of the stored shape (an imported bundle) is left out', () => {
    const bad = [
      null,
      'text',
      { ...ANSWERS.right, problem: { id: 3, question: 'q' } },
      { ...ANSWERS.right, turns: [] },
      { ...ANSWERS.right, turns: [{ attempt: 'x', check: 'maybe' }] },
      { ...ANSWERS.right, turns: [{ attempt: 'x', check: 'error', segment: 5 }] },
      { ...ANSWERS.right, finalCorrect: 'yes' },
    ];
    expect(answersOf({ answers: [ANSWERS.right, ...bad, ANSWERS.broke] }).map((a) => a.problem.id)).toEqual(['right', 'broke']);
    expect(answersOf({})).toEqual([]);
    expect(answersOf({ answers: { 0: ANSWERS.right } })).toEqual([]);
  });
});

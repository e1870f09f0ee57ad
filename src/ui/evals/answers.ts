// The model's evaluation answers as the viewer sorts them: right or wrong, what its self-improvement did, the
// checker's first wrong step in words, and the evaluations of a run to choose from.
import { answersOf, type EvalAnswer, type EvalAnswerTurn, type EvalRecordWithAnswers, type Split } from '../../store';
import { GLOSSARY } from '../glossary';

/**
 * What the model's own self-improvement did to its answer: nothing (it wrote no "Updated Answer"), fixed a wrong one,
 * broke a right one, or left it wrong or right.
 */
export type SiEffect = 'none' | 'fixed' | 'broke' | 'stillWrong' | 'stillRight';

export function siEffect(a: Pick<EvalAnswer, 'selfImproved' | 'initialCorrect' | 'finalCorrect'>): SiEffect {
  if (!a.selfImproved) return 'none';
  if (a.initialCorrect === a.finalCorrect) return a.finalCorrect ? 'stillRight' : 'stillWrong';
  return a.finalCorrect ? 'fixed' : 'broke';
}

/** The badge of a self-improvement, with its hover text; null when the model did not try. */
export function siBadge(effect: SiEffect): { text: string; tone: 'good' | 'bad' | 'plain'; title: string } | null {
  switch (effect) {
    case 'none':
      return null;
    case 'fixed':
      return { text: GLOSSARY.siFixed.term, tone: 'good', title: GLOSSARY.siFixed.text };
    case 'broke':
      return { text: GLOSSARY.siBroke.term, tone: 'bad', title: GLOSSARY.siBroke.text };
    case 'stillWrong':
      return { text: 'self-improved, still wrong', tone: 'plain', title: GLOSSARY.selfImproved.text };
    case 'stillRight':
      return { text: 'self-improved, still right', tone: 'plain', title: GLOSSARY.selfImproved.text };
  }
}

export const ANSWER_FILTERS = ['all', 'correct', 'wrong', 'selfImproved', 'fixed', 'broke'] as const;
export type AnswerFilter = (typeof ANSWER_FILTERS)[number];

export const FILTER_LABELS: Record<AnswerFilter, string> = {
  all: 'All',
  correct: 'Correct',
  wrong: 'Wrong',
  selfImproved: 'Self-improved',
  fixed: 'Fixed itself',
  broke: 'Broke itself',
};

/** Whether an answer is shown under a filter: correct and wrong go by the final answer. */
export function matchesFilter(a: EvalAnswer, filter: AnswerFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'correct':
      return a.finalCorrect;
    case 'wrong':
      return !a.finalCorrect;
    case 'selfImproved':
      return a.selfImproved;
    case 'fixed':
    case 'broke':
      return siEffect(a) === filter;
  }
}

/** How many answers each filter shows. */
export function filterCounts(answers: readonly EvalAnswer[]): Record<AnswerFilter, number> {
  const counts = Object.fromEntries(ANSWER_FILTERS.map((f) => [f, 0])) as Record<AnswerFilter, number>;
  for (const a of answers) for (const f of ANSWER_FILTERS) if (matchesFilter(a, f)) counts[f]++;
  return counts;
}

/** The checker's first wrong step of an attempt; null when it found none (correct) or could not read it (format). */
export function firstWrongStep(turn: EvalAnswerTurn): { step: string; segment: string; reason: string } | null {
  if (turn.check !== 'error' || turn.errorStep === undefined) return null;
  return { step: turn.errorStep, segment: turn.segment ?? '', reason: turn.reason ?? '' };
}

/** A step label as the trajectory text writes it: "2" and "(2)" are "(2)". */
const stepName = (label: string) => `(${label.trim().replace(/^\(|\)$/g, '')})`;

/** The checker's verdict on an attempt, in a sentence. */
export function checkText(turn: EvalAnswerTurn): string {
  const wrong = firstWrongStep(turn);
  if (wrong) {
    const because = wrong.reason ? `: ${wrong.reason}` : '';
    return wrong.segment ? `first wrong step ${stepName(wrong.step)}, the part “${wrong.segment.trim()}”${because}.` : `first wrong step ${stepName(wrong.step)}${because}.`;
  }
  if (turn.check === 'correct') return 'every step is right.';
  return `not in the step format${turn.reason ? `: ${turn.reason}` : ''}.`;
}

/** One evaluation of a run: a model (iteration) on a split, its metrics and its answers. */
export interface EvalSet {
  iteration: number;
  split: Split;
  model: string;
  n: number;
  accuracy: number;
  siFreq: number;
  siContrib: number;
  answers: EvalAnswer[];
  createdAt: number;
}

/** A run's evaluations, one per iteration and split (the newest where one was stored twice), by iteration, seen first. */
export function evalSets(records: readonly EvalRecordWithAnswers[]): EvalSet[] {
  const byKey = new Map<string, EvalSet>();
  for (const r of records) {
    const key = `${r.iteration}:${r.split}`;
    const had = byKey.get(key);
    if (had && had.createdAt > r.createdAt) continue;
    const { iteration, split, model, n, accuracy, siFreq, siContrib, createdAt } = r;
    byKey.set(key, { iteration, split, model, n, accuracy, siFreq, siContrib, createdAt, answers: answersOf(r) });
  }
  return [...byKey.values()].sort((a, b) => a.iteration - b.iteration || (a.split === b.split ? 0 : a.split === 'seen' ? -1 : 1));
}

/** The model an iteration's evaluation measured, in words. */
export function modelLabel(iteration: number, model: string): string {
  return iteration === 0 ? `ft rationale (iteration 0)` : `after iteration ${iteration} (${model})`;
}

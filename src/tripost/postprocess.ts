// Post-processing (DESIGN.md §5): split kept trajectories into turns, add gold rationales, rebalance to p.
import { FEEDBACK_MARK, UPDATE_MARK, countSteps, infoOfPrompt, renderFeedback, shuffle, mulberry32, type Problem } from '../tasks';
import type { ExampleKind, Trajectory } from '../store';
import { plural } from '../util/plural';
import { ratioFromP } from './config';

export interface Example {
  kind: ExampleKind;
  text: string;
  /** Character offset of the first `Feedback:`; tokens from there on weigh w. Null: every token weighs 1. */
  weightFrom: number | null;
  trajectoryId: number | null;
}

export interface TrainingMix {
  improvement: number;
  correct: number;
  gold: number;
  /** Examples available before rebalancing. */
  available: { improvement: number; correct: number; gold: number };
}

export class NotEnoughData extends Error {
  override name = 'NotEnoughData';
}

function weighted(kind: ExampleKind, text: string, trajectoryId: number | null): Example {
  const at = text.indexOf(FEEDBACK_MARK);
  return { kind, text, weightFrom: at < 0 ? null : at + 1, trajectoryId };
}

/**
 * q, a0, f0, a1, f1, a2, f2(correct) → improvement examples (a0, f0 → a1), (a1, f1 → a2)
 * and the directly-correct example (a2, f2).
 */
export function splitTrajectory(t: Pick<Trajectory, 'id' | 'problem' | 'turns'>): Example[] {
  const prompt = String(t.problem.prompt ?? '');
  const info = infoOfPrompt(prompt);
  const out: Example[] = [];
  for (let k = 0; k + 1 < t.turns.length; k++) {
    const [cur, next] = [t.turns[k], t.turns[k + 1]];
    out.push(weighted('improvement', `${prompt}\n${cur.attempt}${FEEDBACK_MARK}${cur.feedback}${UPDATE_MARK}${info}\n${next.attempt}`, t.id));
  }
  const last = t.turns[t.turns.length - 1];
  if (last?.feedbackKind === 'correct') out.push(weighted('correct', `${prompt}\n${last.attempt}${FEEDBACK_MARK}${last.feedback}`, t.id));
  return out;
}

/** A gold rationale ending in the one "correct" feedback wording; every token weighs 1. */
export function goldExample(problem: Problem): Example {
  const feedback = renderFeedback({ kind: 'correct' }, countSteps(problem.rationale));
  return { kind: 'gold', text: `${problem.prompt}\n${problem.rationale}${FEEDBACK_MARK}${feedback}`, weightFrom: null, trajectoryId: null };
}

/** The text the initial fine-tune ("ft rationale") trains on: question and gold steps, no feedback. */
export function rationaleExample(problem: Problem): Example {
  return { kind: 'gold', text: `${problem.prompt}\n${problem.rationale}`, weightFrom: null, trajectoryId: null };
}

/**
 * n_T = min(ceil(n_imp / r), available correct), n_gold = min(n_T, available gold), r = 2p / (1 − p);
 * p = null keeps every improvement and correct example and adds no gold.
 */
export function rebalance(improvement: Example[], correct: Example[], gold: Example[], p: number | null, seed: number): { examples: Example[]; mix: TrainingMix } {
  const available = { improvement: improvement.length, correct: correct.length, gold: gold.length };
  const rng = mulberry32(seed);
  let nCorrect = correct.length;
  let nGold = 0;
  if (p !== null) {
    // The epsilon keeps p = 0.6 (r = 2.9999…) from asking for one example more than n_imp / 3.
    nCorrect = Math.min(Math.ceil(improvement.length / ratioFromP(p) - 1e-9), correct.length);
    nGold = Math.min(nCorrect, gold.length);
  }
  const chosen = [...improvement, ...shuffle(rng, correct).slice(0, nCorrect), ...shuffle(rng, gold).slice(0, nGold)];
  return { examples: chosen, mix: { improvement: improvement.length, correct: nCorrect, gold: nGold, available } };
}

/** Kept trajectories + gold problems → the iteration's training set (duplicates removed). */
export function postprocess(
  trajectories: Pick<Trajectory, 'id' | 'problem' | 'turns' | 'kept'>[],
  goldProblems: Problem[],
  opts: { p: number | null; seed: number; minExamples: number },
): { examples: Example[]; mix: TrainingMix } {
  const seen = new Set<string>();
  const unique = (e: Example) => !seen.has(e.text) && (seen.add(e.text), true);
  const split = trajectories.filter((t) => t.kept).flatMap(splitTrajectory).filter(unique);
  const improvement = split.filter((e) => e.kind === 'improvement');
  const correct = split.filter((e) => e.kind === 'correct');
  const gold = goldProblems.map(goldExample).filter(unique);
  const result = rebalance(improvement, correct, gold, opts.p, opts.seed);
  if (result.examples.length < opts.minExamples) {
    throw new NotEnoughData(
      `not enough training data: ${plural(result.examples.length, 'example')} (${result.mix.improvement} improvement, ${result.mix.correct} correct, ${result.mix.gold} gold) is under the minimum of ${opts.minExamples}`,
    );
  }
  return result;
}


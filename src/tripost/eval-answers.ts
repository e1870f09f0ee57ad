// The model's answers at an evaluation, as the store keeps them: each attempt with the task checker's verdict (the
// scripted critic's feedback: the first wrong step and the wrong part of it), whatever critic the run trained with.
import type { EvalAnswer, EvalAnswerTurn } from '../store';
import { scriptedFeedback, type Problem } from '../tasks';
import type { EvalTranscript } from './evaluate';

/** One attempt and the checker's verdict on it. */
export function checkedTurn(problem: Problem, turn: EvalTranscript['turns'][number]): EvalAnswerTurn {
  const fb = scriptedFeedback(problem, turn.attempt);
  const out: EvalAnswerTurn = { attempt: turn.attempt, check: fb.kind };
  if (turn.feedback !== undefined) out.feedback = turn.feedback;
  if (fb.kind === 'error') Object.assign(out, { errorStep: fb.step, segment: fb.segment, reason: fb.reason });
  if (fb.kind === 'format') out.reason = fb.reason;
  return out;
}

/** The answers to `problems`, from the evaluation's transcripts (matched by problem id). */
export function evalAnswers(problems: readonly Problem[], transcripts: readonly EvalTranscript[]): EvalAnswer[] {
  const byId = new Map(problems.map((p) => [p.id, p]));
  return transcripts.flatMap((t) => {
    const problem = byId.get(t.problemId);
    if (!problem) return [];
    // A transcript always has an attempt; an empty one stands for a model that wrote nothing.
    const turns = t.turns.length ? t.turns : [{ attempt: '' }];
    return [{ problem: problem as unknown as EvalAnswer['problem'], turns: turns.map((turn) => checkedTurn(problem, turn)), selfImproved: t.selfImproved, initialCorrect: t.initialCorrect, finalCorrect: t.finalCorrect }];
  });
}

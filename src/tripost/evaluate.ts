// Evaluation with self-improvement (DESIGN.md §5): greedy; after a feedback that is not "correct" the model's
// own "Updated Answer" is the next attempt, and the model is asked for feedback on it, up to `rounds` times.
import type { Engine } from '../engine';
import type { Tokenizer } from '../engine/tokenizer';
import { attemptPrompt, feedbackPrompt, isCorrectAnswer, parseFeedback, splitTrajectory, type Problem } from '../tasks';
import { eosStop, TextStops } from '../tokenizers/stops';

export interface EvalTranscript {
  problemId: string;
  /** Attempts in order, each with the model's feedback on it when it gave one. */
  turns: { attempt: string; feedback?: string }[];
  /** The model wrote at least one "Updated Answer". */
  selfImproved: boolean;
  initialCorrect: boolean;
  finalCorrect: boolean;
}

export interface SiMetrics {
  accuracy: number;
  /** Fraction of questions where the model attempted at least one self-improvement. */
  siFreq: number;
  /** Fraction of correct final answers that were wrong before the model's self-improvement. */
  siContrib: number;
  n: number;
}

export function siMetrics(transcripts: Pick<EvalTranscript, 'selfImproved' | 'initialCorrect' | 'finalCorrect'>[]): SiMetrics {
  const n = transcripts.length;
  const correct = transcripts.filter((t) => t.finalCorrect);
  const improvedIntoCorrect = correct.filter((t) => t.selfImproved && !t.initialCorrect).length;
  return {
    accuracy: n ? correct.length / n : 0,
    siFreq: n ? transcripts.filter((t) => t.selfImproved).length / n : 0,
    siContrib: correct.length ? improvedIntoCorrect / correct.length : 0,
    n,
  };
}

/** A problem's evaluation after its latest generation: what a stopped evaluation keeps and a resumed one goes on from. */
export interface EvalProblemState {
  problemId: string;
  turns: { attempt: string; feedback?: string }[];
  updates: number;
  /** Generations done for the problem: the evaluation round it has reached. */
  generations: number;
  /** What the model continues next; null once finished. */
  context: string | null;
}

interface State extends EvalProblemState {
  problem: Problem;
}

export interface EvaluateOptions {
  contextLength: number;
  rounds: number;
  generateBatch: number;
  signal?: AbortSignal;
  /** Awaited before every generation batch: pause blocks here. */
  gate?: () => Promise<void>;
  onProgress?: (done: number, total: number) => void;
  /** States a stopped evaluation of the same model and problems had reached (onBatch's): they go on from there. */
  resume?: readonly EvalProblemState[];
  /** Awaited after every generation batch with the new states of its problems. */
  onBatch?: (states: EvalProblemState[]) => Promise<void>;
}

function startState(problem: Problem, saved: EvalProblemState | undefined): State {
  if (!saved) return { problem, problemId: problem.id, turns: [], context: attemptPrompt(problem.prompt), updates: 0, generations: 0 };
  return { problem, problemId: problem.id, turns: saved.turns.map((t) => ({ ...t })), updates: saved.updates, generations: saved.generations, context: saved.context };
}

const stateOf = ({ problemId, turns, updates, generations, context }: State): EvalProblemState => ({ problemId, turns: turns.map((t) => ({ ...t })), updates, generations, context });

/**
 * Runs the model on every problem with up to `rounds` self-improvements; batched, greedy. Round r generates once for
 * each problem still going at its start, in batches of `generateBatch` in problem order; a resumed evaluation makes
 * the same batches and skips those done before the stop, as a batch's longest prompt sets every row's room to write.
 */
export async function evaluate(engine: Engine, tok: Tokenizer, problems: Problem[], opts: EvaluateOptions): Promise<EvalTranscript[]> {
  const saved = new Map((opts.resume ?? []).map((s) => [s.problemId, s]));
  const states = problems.map((problem) => startState(problem, saved.get(problem.id)));
  let finished = states.filter((s) => s.context === null).length;
  for (let round = 0; states.some((s) => s.context !== null); round++) {
    // Those going at the round's start: done with it (a resumed evaluation's) or still to generate in it.
    const inRound = states.filter((s) => s.generations > round || (s.generations === round && s.context !== null));
    for (let i = 0; i < inRound.length; i += opts.generateBatch) {
      const chunk = inRound.slice(i, i + opts.generateBatch);
      if (chunk.every((s) => s.generations > round)) continue;
      opts.signal?.throwIfAborted();
      await opts.gate?.();
      const prompts = chunk.map((s) => tok.encode(s.context!, { bos: true }));
      const room = Math.max(0, opts.contextLength - Math.max(...prompts.map((p) => p.length)));
      // A new question ends the turn; the text is cut before it.
      const stops = new TextStops(tok, prompts, ['\nQ:']);
      const { tokens } = await engine.generate(prompts, { maxNewTokens: room, temperature: 0, seed: 0, stop: eosStop(tok), stopWhen: stops.stopWhen, signal: opts.signal });
      chunk.forEach((s, r) => {
        advance(s, stops.text(r, tokens[r]), opts.rounds);
        s.generations++;
        if (s.context === null) opts.onProgress?.(++finished, states.length);
      });
      await opts.onBatch?.(chunk.map(stateOf));
    }
  }
  return states.map(({ problem, turns, updates }) => ({
    problemId: problem.id,
    turns,
    selfImproved: updates > 0,
    initialCorrect: isCorrectAnswer(problem, turns[0]?.attempt ?? ''),
    finalCorrect: isCorrectAnswer(problem, turns[turns.length - 1]?.attempt ?? ''),
  }));
}

/**
 * Reads one generation. Either call parses as [this attempt + its feedback, next attempt]: the first call
 * generates the attempt itself, later ones continue after a given attempt's "Feedback: ".
 */
function advance(s: State, generated: string, rounds: number): void {
  const got = splitTrajectory(s.context + generated)?.turns ?? [];
  if (s.turns.length === 0) s.turns.push({ attempt: got[0]?.attempt ?? '' });
  const current = s.turns[s.turns.length - 1];
  current.feedback = got[0]?.feedback;
  const verdict = current.feedback === undefined ? null : parseFeedback(current.feedback);
  const next = got[1];
  const wantsUpdate = current.feedback !== undefined && verdict?.kind !== 'correct';
  if (!wantsUpdate || !next || next.attempt.trim() === '' || next.attempt === current.attempt) {
    s.context = null;
    return;
  }
  s.turns.push({ attempt: next.attempt });
  s.updates++;
  s.context = s.updates >= rounds ? null : feedbackPrompt(s.problem.prompt, next.attempt);
}

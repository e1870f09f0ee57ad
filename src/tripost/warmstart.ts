// The initial model ("ft rationale") trained on freshly generated gold rationales for a budget of optimizer steps:
// problem i of the stream is generateProblem(task, 'seen', dataSeed, i, level), so training resumes at any step.
import type { Batch, Engine } from '../engine';
import type { Tokenizer } from '../engine/tokenizer';
import { FEEDBACK_MARK, generateProblem, generateProblems, injectError, mixSeed, mulberry32, scriptedFeedback, scriptedImprove, type Feedback, type Level, type Problem, type Split, type TaskId } from '../tasks';
import { makeBatch, tokenizeExample, type TokenizedExample } from './batches';
import { generateAttempts } from './attempts';
import { evaluate, siMetrics, type SiMetrics } from './evaluate';
import { goldExample, rationaleExample, splitTrajectory, type Example } from './postprocess';
import { storedTurn } from './edit';
import { StepQueue } from './train';

export interface WarmStartSettings {
  task: TaskId;
  level: Level;
  dataSeed: number;
  steps: number;
  batchSize: number;
  lr: number;
  /** Fraction of the steps with a linear warmup; then a cosine down to `minLrFraction` of the peak. */
  warmup: number;
  minLrFraction: number;
  weightDecay: number;
  gradClip: number;
  contextLength: number;
  /**
   * From this step on, each gold rationale is followed by the critic's "correct" feedback, as the iterations' gold
   * examples are: the model learns to close its answers with feedback before the first iteration (unset: never).
   */
  feedbackFrom?: number;
  /**
   * From this step on, a share of the rows (`improveShare`, 0..1) are self-improvement demonstrations instead: a gold
   * rationale with one injected mistake (not trained on), the scripted critic's feedback on it and its improvement.
   * A departure from the paper (its initial model sees no feedback): the verdict is learned before the iterations.
   */
  improveFrom?: number;
  improveShare?: number;
  /**
   * From this step on, a share of the rows (`ownShare`, 0..1) are the model's own greedy attempts at the step's fresh
   * problems, with the scripted critic's verdict: a right attempt and its "correct" feedback, or a wrong one (not
   * trained on), the critic's feedback and its improvement. TriPosT's data flow, one batch at a time (not the paper's
   * initial model): the verdict is learned on the mistakes the model itself makes, over many fresh problems.
   */
  ownFrom?: number;
  ownShare?: number;
  /**
   * From this step on, the "correct" verdict of a right own attempt is trained at the share `ownKeepCorrect` (0..1) of
   * them; the others train their attempt alone. TriPosT's rebalancing in the own rows: a model right 75% of the time
   * otherwise learns a verdict prior of 3 "correct" to 1 flagged, and says "correct" after its wrong answers too.
   */
  ownBalanceFrom?: number;
  ownKeepCorrect?: number;
}

export const DEFAULT_WARM_START: Omit<WarmStartSettings, 'task' | 'level' | 'steps'> = {
  dataSeed: 1,
  batchSize: 16,
  lr: 3e-3,
  warmup: 0.05,
  minLrFraction: 0.1,
  weightDecay: 0.01,
  gradClip: 1,
  contextLength: 384,
};

/** Sequence lengths round up to this: few shapes, little padding for short task texts. */
const WARM_BUCKET = 32;

/** Linear warmup, then a cosine from the peak down to `minLrFraction` of it at the last step. */
export function cosineLr(step: number, s: Pick<WarmStartSettings, 'steps' | 'lr' | 'warmup' | 'minLrFraction'>): number {
  const warm = Math.max(1, Math.round(s.steps * s.warmup));
  if (step < warm) return (s.lr * (step + 1)) / warm;
  const t = Math.min(1, (step - warm) / Math.max(1, s.steps - warm));
  const floor = s.lr * s.minLrFraction;
  return floor + (s.lr - floor) * 0.5 * (1 + Math.cos(Math.PI * t));
}

type RowPlan = { problem: Problem; kind: 'gold' | 'injected' | 'own'; rng: () => number };

/** Which kind of row each problem of step `step` becomes (seeded by its index in the stream, so resumes repeat it). */
function planRows(s: WarmStartSettings, step: number): RowPlan[] {
  const plan: RowPlan[] = [];
  for (let b = 0; b < s.batchSize; b++) {
    const i = step * s.batchSize + b;
    const problem = generateProblem(s.task, 'seen', s.dataSeed, i, s.level);
    const rng = mulberry32(mixSeed(s.dataSeed, i, 7));
    const kind = step >= (s.improveFrom ?? Infinity) && rng() < (s.improveShare ?? 0) ? 'injected' : step >= (s.ownFrom ?? Infinity) && rng() < (s.ownShare ?? 0) ? 'own' : 'gold';
    plan.push({ problem, kind, rng });
  }
  return plan;
}

function goldRow(tok: Tokenizer, s: WarmStartSettings, step: number, problem: Problem): TokenizedExample {
  // Beside own attempts, a gold rationale's "correct" verdict is not trained (weight 0 from "Feedback:"): the verdict's
  // prior is then the model's own error rate, and gold rows still teach the steps and that feedback follows them.
  if (step < (s.feedbackFrom ?? Infinity)) return tokenizeExample(rationaleExample(problem), tok, 1);
  const gold = goldExample(problem);
  if (step < (s.ownFrom ?? Infinity)) return tokenizeExample(gold, tok, 1);
  return tokenizeExample({ ...gold, weightFrom: gold.text.indexOf(FEEDBACK_MARK) + 1 }, tok, 0);
}

/** A row per planned problem: injected demonstrations and own attempts (from `own`) weigh 0 on their wrong attempt. */
function assemble(tok: Tokenizer, s: WarmStartSettings, step: number, plan: RowPlan[], own: Map<RowPlan, Example | null>): Batch {
  const rows = plan.map((r) => {
    const demo = r.kind === 'injected' ? injectedImprovement(r.problem, r.rng) : (own.get(r) ?? null);
    if (!demo) return goldRow(tok, s, step, r.problem);
    const dropVerdict = demo.kind === 'correct' && step >= (s.ownBalanceFrom ?? Infinity) && r.rng() >= (s.ownKeepCorrect ?? 1);
    return tokenizeExample(demo, tok, dropVerdict ? 0 : 1, 0);
  });
  const fit = rows.filter((ex) => ex.tokens.length - 1 <= s.contextLength);
  const longest = Math.max(...fit.map((r) => r.tokens.length - 1));
  const T = Math.min(s.contextLength, Math.ceil(longest / WARM_BUCKET) * WARM_BUCKET);
  return makeBatch(fit, s.batchSize, T, tok.pad);
}

/** The batch of step `step` before `ownFrom`: the next `batchSize` problems of the stream as gold rationales (with feedback from `feedbackFrom`) or injected demonstrations. */
export function warmStartBatch(tok: Tokenizer, s: WarmStartSettings, step: number): Batch {
  return assemble(tok, s, step, planRows(s, step), new Map());
}

/** The batch of step `step`, with the model's own greedy attempts where the plan says so (generated by `engine` now). */
export async function warmStartBatchWithOwn(engine: Engine, tok: Tokenizer, s: WarmStartSettings, step: number): Promise<Batch> {
  const plan = planRows(s, step);
  const own = plan.filter((r) => r.kind === 'own');
  if (own.length === 0) return assemble(tok, s, step, plan, new Map());
  const attempts = await generateAttempts(engine, tok, own.map((r) => r.problem), { contextLength: s.contextLength, temperature: 0, seed: step });
  return assemble(tok, s, step, plan, new Map(own.map((r, k) => [r, ownAttemptExample(r.problem, attempts[k])])));
}

/** The scripted critic's verdict on an attempt and the trajectory's training examples (an improvement, if it was wrong). */
function criticExamples(problem: Problem, attempt: string): { feedback: Feedback; examples: Example[] } {
  const feedback = scriptedFeedback(problem, attempt);
  const turns = [storedTurn(attempt, feedback)];
  if (feedback.kind !== 'correct') {
    const improved = scriptedImprove(problem, attempt, feedback);
    turns.push(storedTurn(improved, scriptedFeedback(problem, improved)));
  }
  // splitTrajectory reads only the prompt of the stored problem record.
  const examples = splitTrajectory({ id: 0, problem: { id: problem.id, question: problem.question, prompt: problem.prompt }, turns });
  return { feedback, examples: examples.map((e) => ({ ...e, trajectoryId: null })) };
}

/**
 * The training example of one own attempt: right → the attempt and its "correct" feedback (every token trained);
 * wrong → the attempt (weight 0 as an improvement example's head), the critic's feedback and the improvement.
 */
export function ownAttemptExample(problem: Problem, attempt: string): Example | null {
  const { feedback, examples } = criticExamples(problem, attempt);
  return examples.find((e) => e.kind === (feedback.kind === 'correct' ? 'correct' : 'improvement')) ?? null;
}

/** The improvement example of a trajectory whose first attempt has one injected mistake the scripted critic finds. */
export function injectedImprovement(problem: Problem, rng: () => number): Example | null {
  const { feedback, examples } = criticExamples(problem, injectError(problem, rng).attempt);
  return feedback.kind === 'error' ? (examples.find((e) => e.kind === 'improvement') ?? null) : null;
}

export interface WarmStartHooks {
  signal?: AbortSignal;
  onStep?: (p: { step: number; loss: number; lr: number; gradNorm: number }) => void | Promise<void>;
}

/** Trains from `fromStep` (the engine's weights and optimizer already at that point) up to `toStep`. */
export async function trainWarmStart(engine: Engine, tok: Tokenizer, s: WarmStartSettings, fromStep: number, toStep: number, hooks: WarmStartHooks = {}): Promise<void> {
  const queue = new StepQueue();
  try {
    for (let step = fromStep; step < Math.min(toStep, s.steps); step++) {
      hooks.signal?.throwIfAborted();
      const lr = cosineLr(step, s);
      const at = step;
      // Own attempts are generated by the weights of this step: the queued steps finish first.
      const own = step >= (s.ownFrom ?? Infinity);
      if (own) await queue.drain();
      const batch = own ? await warmStartBatchWithOwn(engine, tok, s, step) : warmStartBatch(tok, s, step);
      await queue.push(
        engine
          .trainStep(batch, { lr, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: s.weightDecay, gradClip: s.gradClip })
          .then(async ({ loss, gradNorm }) => void (await hooks.onStep?.({ step: at + 1, loss, lr, gradNorm }))),
      );
    }
    await queue.drain();
  } finally {
    await queue.settle();
  }
}

/** Held-out problems for measuring a warm start: another seed than any training stream uses. */
export function heldOutProblems(task: TaskId, level: Level, split: Split, n: number, seed = 1): Problem[] {
  return generateProblems(task, split, n, seed + 1_000_003, level);
}

/** Accuracy of always giving the most frequent gold answer of `problems`: the shortcut a model must beat. */
export function majorityAccuracy(problems: Problem[]): { answer: string; accuracy: number } {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.answer, (counts.get(p.answer) ?? 0) + 1);
  let best = { answer: '', accuracy: 0 };
  for (const [answer, n] of counts) if (n / problems.length > best.accuracy) best = { answer, accuracy: n / problems.length };
  return best;
}

export interface WarmStartScore extends SiMetrics {
  majority: { answer: string; accuracy: number };
}

/** Greedy accuracy (and SI metrics, which stay 0 for a model trained on rationales alone) on `problems`. */
export async function scoreModel(engine: Engine, tok: Tokenizer, problems: Problem[], contextLength: number, signal?: AbortSignal): Promise<WarmStartScore> {
  const transcripts = await evaluate(engine, tok, problems, { contextLength, rounds: 3, generateBatch: 50, signal });
  return { ...siMetrics(transcripts), majority: majorityAccuracy(problems) };
}

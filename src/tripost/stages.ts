// The stages of a run (DESIGN.md §5). Each reads its inputs from the store and writes its outputs there
// before the next starts, so a run can resume after any completed stage, and inside one from what it stored.
import { appendMetrics, appendTrajectories, deleteMetricsAfter, finishEvalSplit, listEvalProgress, listEvals, listExamples, pageTrajectories, saveEvalProgress, saveExamples, type MetricPoint, type New, type NewTrajectory, type Split, type TrainingStage, type Trajectory } from '../store';
import { injectError, mixSeed, mulberry32, type Problem } from '../tasks';
import { generateAttempts } from './attempts';
import { plural } from '../util/plural';
import { editTrajectory } from './edit';
import { EndpointWatch, noteEndpointAnswers } from './endpoint-watch';
import { evaluate, siMetrics } from './evaluate';
import { evalAnswers } from './eval-answers';
import { postprocess, rationaleExample } from './postprocess';
import { trainOn, type TrainSettings } from './train';
import { ProgressMeter, type StageContext } from './context';
import { CheckpointClock } from './checkpoint-clock';
import { restoreTrainingState, saveTrainingState } from './training-state';

function trainSettings(ctx: StageContext, iteration: number, epochs: number, lr: number): TrainSettings {
  const c = ctx.config;
  return { epochs, lr, warmup: c.warmup, batchSize: c.batchSize, contextLength: c.contextLength, w: c.w, attemptWeight: c.attemptWeight, seed: mixSeed(c.seed, iteration), weightDecay: c.weightDecay, gradClip: c.gradClip, beta1: c.beta1, beta2: c.beta2 };
}

/**
 * Trains ctx.engine's weights on `examples` with a fresh AdamW (each iteration starts its optimiser anew), or goes on
 * from the stage's training checkpoint; loss points are stored with each checkpoint, the rest at the end.
 */
async function trainStage(ctx: StageContext, iteration: number, stage: TrainingStage, examples: Parameters<typeof trainOn>[2], settings: TrainSettings): Promise<void> {
  const { deps } = ctx;
  const series = `${stage}/loss`;
  const startStep = await restoreTrainingState(ctx, iteration, stage);
  // A fresh optimizer on the same engine: zero moments and step 0; the weights, plans and pipelines stay.
  if (startStep === 0) await ctx.engine.writeOptimizerState({ step: 0 });
  // Points stored after the checkpoint by an attempt that then stopped are about to be made again.
  await deleteMetricsAfter(deps.db, ctx.runId, iteration, series, startStep);
  const clock = new CheckpointClock(deps.checkpointEvery);
  let meter: ProgressMeter | null = null;
  let points: New<MetricPoint>[] = [];
  const summary = await trainOn(ctx.engine, deps.tokenizer, examples, settings, {
    signal: deps.signal,
    beforeStep: deps.gate,
    startStep,
    onStep: ({ step, total, loss, lr, gradNorm }) => {
      meter ??= new ProgressMeter(ctx, iteration, stage, total, startStep);
      deps.events?.({ type: 'loss', iteration, stage, step, total, loss, lr, gradNorm });
      points.push({ runId: ctx.runId, iteration, series, step, value: loss });
      void meter.report(step);
    },
    checkpointDue: (step) => clock.due(step),
    checkpoint: ({ step, total }) =>
      clock.take(async () => {
        await saveTrainingState(ctx, iteration, { stage, step, total }, points);
        points = [];
        await deps.onResumePoint?.();
      }),
  });
  if (points.length) await appendMetrics(deps.db, points);
  if (summary.tooLong) deps.events?.({ type: 'log', message: `${summary.tooLong} of ${plural(examples.length, 'example')} ${summary.tooLong === 1 ? 'is' : 'are'} longer than the ${ctx.config.contextLength}-token context and were left out` });
}

/** The initial model: fine-tune on gold rationales ("ft rationale"). */
export async function finetuneStage(ctx: StageContext): Promise<void> {
  // The shipped warm start is this stage's result, written before the first stage (run.ts).
  if (ctx.config.warmStart) return;
  if (ctx.deps.finetuned) {
    await ctx.engine.writeParams(ctx.deps.finetuned);
    return;
  }
  const examples = ctx.problems.gold.map(rationaleExample);
  await trainStage(ctx, 0, 'finetune', examples, trainSettings(ctx, 0, ctx.config.sftEpochs, ctx.config.sftLr));
}

/** Every trajectory of an iteration, in id order. */
export async function iterationTrajectories(ctx: StageContext, iteration: number): Promise<Trajectory[]> {
  const out: Trajectory[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await pageTrajectories(ctx.deps.db, { runId: ctx.runId, iteration }, { after, limit: 500 });
    out.push(...page.items);
    if (page.next === null) return out;
    after = page.next;
  }
}

/**
 * The model attempts every training problem (batched generation), the critic edits each attempt, and every
 * trajectory is stored as soon as it is finished; one the LLM endpoint failed waits for the next that gets through,
 * and a few in a row stop the run (EndpointWatch). On resume, problems already stored are skipped; chunks are
 * fixed and seeded, so regenerated attempts equal the first ones.
 */
export async function editStage(ctx: StageContext, iteration: number): Promise<void> {
  const { config: c, deps } = ctx;
  const problems = ctx.problems.train;
  const stored = new Set((await iterationTrajectories(ctx, iteration)).map((t) => t.problem.id));
  const meter = new ProgressMeter(ctx, iteration, 'edit', problems.length, stored.size);
  let done = stored.size;
  await meter.report(done);
  const temperature = iteration === 1 ? c.firstIterationTemperature : c.laterTemperature;
  const watch = new EndpointWatch<NewTrajectory>(deps.signal);
  const store = async (records: NewTrajectory[]) => {
    if (records.length === 0) return;
    const ids = await appendTrajectories(deps.db, records);
    for (const [k, r] of records.entries()) {
      deps.events?.({ type: 'trajectory', iteration, id: ids[k], problemId: r.problem.id, outcome: r.outcome, kept: r.kept, rounds: r.turns.length - 1, dropReason: r.dropReason });
      await meter.report(++done);
    }
  };
  try {
    for (let start = 0, chunk = 0; start < problems.length; start += c.generateBatch, chunk++) {
      const chunkProblems = problems.slice(start, start + c.generateBatch);
      if (chunkProblems.every((p) => stored.has(p.id))) continue;
      deps.signal?.throwIfAborted();
      await deps.gate?.();
      const attempts = await attemptsFor(ctx, chunkProblems, temperature, mixSeed(c.seed, iteration, chunk));
      await watch.settle(
        chunkProblems.map(async (problem, i) => {
          if (stored.has(problem.id)) return;
          const noted = noteEndpointAnswers(deps.critic);
          const { endpointError, ...edited } = await watch.track((signal) => editTrajectory(problem, attempts[i], noted.critic, c, signal));
          const record: NewTrajectory = { runId: ctx.runId, iteration, task: c.task, split: 'seen', problem: problem as unknown as NewTrajectory['problem'], critic: deps.critic.name, ...edited };
          if (endpointError) watch.failed(record, endpointError);
          else if (noted.answered()) await store([...watch.passed(), record]);
          else await store([record]); // the endpoint was not asked (correct at once, too long): the count stands
        }),
      );
    }
    // A failure or two at the very end did not stop the run: they are ordinary drops.
    await store(watch.passed());
  } finally {
    watch.close();
  }
}

/** The model's attempts (SI-demo: the gold rationale with one injected mistake instead, others' errors). */
async function attemptsFor(ctx: StageContext, problems: Problem[], temperature: number, seed: number): Promise<string[]> {
  if (ctx.config.method === 'ft-si-demo') {
    const rng = mulberry32(seed);
    return problems.map((p) => injectError(p, rng).attempt);
  }
  return generateAttempts(ctx.engine, ctx.deps.tokenizer, problems, { contextLength: ctx.config.contextLength, temperature, seed, signal: ctx.deps.signal });
}

export async function postprocessStage(ctx: StageContext, iteration: number): Promise<void> {
  const { config: c, deps } = ctx;
  const trajectories = await iterationTrajectories(ctx, iteration);
  const { examples, mix } = postprocess(trajectories, ctx.problems.gold, { p: c.p, seed: mixSeed(c.seed, iteration, 77), minExamples: c.minTrainExamples });
  await saveExamples(deps.db, ctx.runId, iteration, examples.map((e) => ({ task: c.task, ...e })));
  deps.events?.({ type: 'mix', iteration, mix, tooLong: 0 });
}

export async function trainIterationStage(ctx: StageContext, iteration: number): Promise<void> {
  const examples = await listExamples(ctx.deps.db, ctx.runId, iteration);
  await trainStage(ctx, iteration, 'train', examples, trainSettings(ctx, iteration, ctx.config.epochs, ctx.config.lr));
}

/**
 * Evaluates the model on both splits. Each problem's state is stored after every generation batch, so a stopped or
 * killed evaluation goes on from the problems it had done; a split's record replaces them when it is complete.
 */
export async function evaluateStage(ctx: StageContext, iteration: number, model: string): Promise<void> {
  const { config: c, deps } = ctx;
  // A split already evaluated before a stop is not measured (and stored) twice: greedy decoding gives the same result.
  const stored = new Set((await listEvals(deps.db, ctx.runId)).filter((e) => e.iteration === iteration).map((e) => e.split));
  const progress = await listEvalProgress(deps.db, ctx.runId, iteration);
  const splits = [['seen', ctx.problems.evalSeen], ['unseen', ctx.problems.evalUnseen]] as const;
  // One meter over both splits, so the unseen split's problems count on from the seen split's.
  const total = splits.reduce((n, [, p]) => n + p.length, 0);
  const kept = (split: Split) => progress.filter((r) => r.split === split && r.context === null).length;
  const already = splits.reduce((n, [split, p]) => n + (stored.has(split) ? p.length : kept(split)), 0);
  const meter = new ProgressMeter(ctx, iteration, 'evaluate', total, already);
  await meter.report(already);
  const clock = new CheckpointClock(deps.checkpointEvery);
  let batches = 0;
  // Whether batches were stored since the last resume point (the CLI's run bundle).
  let unsaved = false;
  const resumePoint = async () => {
    unsaved = false;
    await deps.onResumePoint?.();
  };
  try {
    for (const [k, [split, problems]] of splits.entries()) {
      if (stored.has(split)) continue;
      const offset = splits.slice(0, k).reduce((n, [, p]) => n + p.length, 0);
      const transcripts = await evaluate(ctx.engine, deps.tokenizer, problems, {
        contextLength: c.contextLength, rounds: c.evalRounds, generateBatch: c.generateBatch, signal: deps.signal, gate: deps.gate,
        onProgress: (done) => void meter.report(offset + done),
        resume: progress.filter((r) => r.split === split),
        onBatch: async (states) => {
          await saveEvalProgress(deps.db, states.map((s) => ({ runId: ctx.runId, iteration, split, ...s })));
          unsaved = true;
          if (deps.onResumePoint && clock.due(++batches)) await clock.take(resumePoint);
        },
      });
      const metrics = siMetrics(transcripts);
      const answers = evalAnswers(problems, transcripts);
      await finishEvalSplit(deps.db, { runId: ctx.runId, iteration, model, task: c.task, split, ...metrics, answers, createdAt: Date.now() });
      deps.events?.({ type: 'eval', iteration, split, metrics });
    }
  } catch (err) {
    // A Stop keeps the batches done since the last resume point, as a training stage keeps its steps.
    if ((err as Error)?.name === 'AbortError' && unsaved) await resumePoint().catch(() => undefined);
    throw err;
  }
}

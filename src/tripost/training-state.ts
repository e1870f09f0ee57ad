// A training stage's mid-stage checkpoint as the pipeline writes and reads it: the engine's weights and AdamW state
// after a step, stored with the loss points up to that step, so a resumed stage goes on as if never stopped.
import { buildParamTable, flatten, unflatten, type ParamTable } from '../engine/params';
import { loadTrainingCheckpoint, saveTrainingCheckpoint, type JsonObject, type MetricPoint, type New, type TrainingMark, type TrainingStage } from '../store';
import type { StageContext } from './context';

/** The three parts of the flat buffer, in order, each laid out as the weights. */
const PARTS = ['', 'adam.m.', 'adam.v.'] as const;

function tensors(table: ParamTable) {
  return PARTS.flatMap((prefix, k) => table.entries.map((e) => ({ name: prefix + e.name, shape: e.shape, offset: k * table.total + e.offset })));
}

/** Stores ctx.engine's weights and AdamW state after `mark.step`, superseding the run's previous training checkpoint. */
export async function saveTrainingState(ctx: StageContext, iteration: number, mark: TrainingMark, points: readonly New<MetricPoint>[]): Promise<void> {
  const table = buildParamTable(ctx.model);
  const params = await ctx.engine.readParams();
  const { step, moments } = await ctx.engine.readOptimizerState();
  // Each training stage starts a fresh AdamW, so its step count is the stage's step: restoring one restores both.
  if (step !== mark.step) throw new Error(`Training checkpoint at step ${mark.step}, but the optimizer has taken ${step} steps`);
  const flat = new Float32Array(PARTS.length * table.total);
  [params, moments.m, moments.v].forEach((named, k) => flatten(table, named, flat.subarray(k * table.total, (k + 1) * table.total)));
  const checkpoint = { runId: ctx.runId, iteration, label: `${mark.stage} step ${mark.step}/${mark.total}`, modelConfig: ctx.model as unknown as JsonObject, tensors: tensors(table), weights: flat, training: mark };
  await saveTrainingCheckpoint(ctx.deps.db, checkpoint, points);
}

/** Restores the stage's training checkpoint into ctx.engine; the steps it had done, 0 when it has none. */
export async function restoreTrainingState(ctx: StageContext, iteration: number, stage: TrainingStage): Promise<number> {
  const saved = await loadTrainingCheckpoint(ctx.deps.db, ctx.runId);
  const mark = saved?.record.training;
  if (!saved || !mark || saved.record.iteration !== iteration || mark.stage !== stage) return 0;
  const table = buildParamTable(ctx.model);
  const part = (k: number) => unflatten(table, saved.weights.subarray(k * table.total, (k + 1) * table.total));
  await ctx.engine.writeParams(part(0));
  await ctx.engine.writeOptimizerState({ step: mark.step, moments: { m: part(1), v: part(2) } });
  return mark.step;
}

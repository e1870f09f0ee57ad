// A training stage's mid-stage checkpoint as the pipeline writes and reads it: the engine's weights (with LoRA, base
// and adapters) and AdamW state after a step, stored with the loss points up to that step, so a resumed stage goes on
// as if never stopped. The layout is stored-weights.ts's: the model, then Adam's m and v of what trains.
import { loadTrainingCheckpoint, saveTrainingCheckpoint, type JsonObject, type MetricPoint, type New, type TrainingMark, type TrainingStage } from '../store';
import type { StageContext } from './context';
import { modelParts, MOMENT_PREFIX, packParts, storedTensors, trainableTable } from './stored-weights';

/** Stores ctx.engine's weights and AdamW state after `mark.step`, superseding the run's previous training checkpoint. */
export async function saveTrainingState(ctx: StageContext, iteration: number, mark: TrainingMark, points: readonly New<MetricPoint>[]): Promise<void> {
  const { lora } = ctx.engine;
  const params = await ctx.engine.readParams();
  const { step, moments } = await ctx.engine.readOptimizerState();
  // Each training stage starts a fresh AdamW, so its step count is the stage's step: restoring one restores both.
  if (step !== mark.step) throw new Error(`Training checkpoint at step ${mark.step}, but the optimizer has taken ${step} steps`);
  const trainable = trainableTable(ctx.model, lora);
  const { tensors, weights } = packParts([
    ...modelParts(ctx.model, lora, params),
    { prefix: MOMENT_PREFIX.m, table: trainable, named: moments.m },
    { prefix: MOMENT_PREFIX.v, table: trainable, named: moments.v },
  ]);
  const checkpoint = { runId: ctx.runId, iteration, label: `${mark.stage} step ${mark.step}/${mark.total}`, modelConfig: ctx.model as unknown as JsonObject, tensors, weights, training: mark };
  await saveTrainingCheckpoint(ctx.deps.db, checkpoint, points);
}

/** Restores the stage's training checkpoint into ctx.engine; the steps it had done, 0 when it has none. */
export async function restoreTrainingState(ctx: StageContext, iteration: number, stage: TrainingStage): Promise<number> {
  const saved = await loadTrainingCheckpoint(ctx.deps.db, ctx.runId);
  const mark = saved?.record.training;
  if (!saved || !mark || saved.record.iteration !== iteration || mark.stage !== stage) return 0;
  const part = (prefix: string) => storedTensors(saved.record.tensors, saved.weights, prefix);
  await ctx.engine.writeParams(part(''));
  await ctx.engine.writeOptimizerState({ step: mark.step, moments: { m: part(MOMENT_PREFIX.m), v: part(MOMENT_PREFIX.v) } });
  return mark.step;
}

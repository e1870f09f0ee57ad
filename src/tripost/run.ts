// A run end to end: the initial fine-tune, then t iterations of edit → postprocess → train → evaluate.
// Each stage's outputs are stored before the next starts; a run resumes after its last completed stage (a training
// stage in progress at its training checkpoint, an evaluation with the problems it had done: stages.ts).
import { presetConfig, sameLora, validateConfig, type Engine, type ModelConfig } from '../engine';
import { deserializeTokenizer, type Tokenizer } from '../engine/tokenizer';
import { completeStage, createRun, finishTrainingStage, getRun, listCheckpoints, loadCheckpoint, setRunStatus, updateRun, type JsonObject, type RunStage, type TrainingStage } from '../store';
import { validateRunConfig, withConfigDefaults, type RunConfig } from './config';
import { loadCheckpoint as readCheckpointFile } from '../engine/checkpoint';
import { tokenizerFor } from '../tokenizers';
import { warmStartName } from './warmstart-manifest';
import { runProblems, type PipelineDeps, type StageContext } from './context';
import { editStage, evaluateStage, finetuneStage, postprocessStage, trainIterationStage } from './stages';
import { buildParamTable, flatten, tensorViews } from '../engine/params';
import { toFailure } from './failure';
import { modelParts, packParts, storedModel, storedTensors } from './stored-weights';

export interface PlannedStage {
  iteration: number;
  stage: RunStage;
}

/** The stages of a run in order: (0, finetune), (0, evaluate), then per iteration edit, postprocess, train, evaluate. */
export function planStages(c: RunConfig): PlannedStage[] {
  const plan: PlannedStage[] = [{ iteration: 0, stage: 'finetune' }, { iteration: 0, stage: 'evaluate' }];
  for (let t = 1; t <= c.iterations; t++) {
    for (const stage of ['edit', 'postprocess', 'train', 'evaluate'] as const) plan.push({ iteration: t, stage });
  }
  return plan;
}

/** A run's default name: method, task, model (and LoRA rank), seed. */
export function runName(c: RunConfig): string {
  return `${c.method} · ${c.task} · ${c.preset}${c.lora ? ` · LoRA r${c.lora.rank}` : ''} · seed ${c.seed}`;
}

export async function createPipelineRun(deps: Pick<PipelineDeps, 'db'>, config: RunConfig, name?: string): Promise<number> {
  validateRunConfig(config);
  return createRun(deps.db, name ?? runName(config), config as unknown as JsonObject);
}

/** The model an evaluation at iteration t measures, named as in the paper's tables. */
function modelName(c: RunConfig, iteration: number): string {
  return iteration === 0 ? 'ft-rationale' : `${c.method}-${iteration}`;
}

/**
 * Runs (or resumes) a stored run to its end. Throws on Stop (AbortError) and on failures; a failed run ends with
 * status `failed` and its error recorded (name, words, stage, whether resuming can help).
 */
export async function runPipeline(runId: number, deps: PipelineDeps): Promise<void> {
  const record = await getRun(deps.db, runId);
  let at: PlannedStage | null = null;
  let ctx: StageContext | undefined;
  try {
    // Inside the try: a bad config, an unreadable checkpoint or a model the device cannot hold is stored as the run's error too.
    const config = withConfigDefaults(record.config as unknown as RunConfig);
    validateRunConfig(config);
    const start = await startingModel(deps, config);
    const model = start.model;
    const plan = planStages(config);
    const last = record.lastCompleted;
    const startAt = last ? plan.findIndex((s) => s.iteration === last.iteration && s.stage === last.stage) + 1 : 0;
    const stageDeps = { ...deps, tokenizer: start.tokenizer };
    ctx = { runId, config, model, problems: runProblems(config), deps: stageDeps, engine: await runEngine(deps, model, config) };

    if (startAt === 0 && start.weights) await ctx.engine.writeParams(tensorViews(buildParamTable(model), start.weights)); // views: no copy of the model
    await restoreWeights(ctx, startAt > 0);
    await setRunStatus(deps.db, runId, 'running');
    for (let i = startAt; i < plan.length; i++) {
      const { iteration, stage } = (at = plan[i]);
      deps.events?.({ type: 'stage', iteration, stage });
      deps.signal?.throwIfAborted();
      await deps.gate?.();
      await runStage(ctx, iteration, stage);
      if (stage === 'finetune' || stage === 'train') await storeWeights(ctx, iteration, stage);
      else await completeStage(deps.db, runId, iteration, stage);
      await deps.onResumePoint?.();
    }
    await setRunStatus(deps.db, runId, 'done');
  } catch (err) {
    const aborted = (err as Error)?.name === 'AbortError';
    // Stored as the worker reports it, so a reloaded page shows the same title and Resume choice.
    const error = aborted ? undefined : { ...toFailure(err, deps.apiKey), stage: at };
    // A status write that fails too (storage full) must not hide why the run stopped.
    await updateRun(deps.db, runId, error ? { status: 'failed', error } : { status: 'paused' }).catch(() => undefined);
    throw err;
  } finally {
    ctx?.engine.destroy();
  }
}

/** The run's engine, with its LoRA adapters when the config asks for them; a factory that ignored them is caught here. */
async function runEngine(deps: PipelineDeps, model: ModelConfig, config: RunConfig): Promise<Engine> {
  const lora = config.lora ?? null;
  const halfBase = config.halfBase ?? false;
  const engine = await deps.createEngine(model, config.seed, lora, halfBase);
  if (!sameLora(engine.lora, lora)) {
    engine.destroy();
    throw new Error(`The engine was built ${engine.lora ? `with LoRA ${JSON.stringify(engine.lora)}` : 'without LoRA'}, but the run asks for ${lora ? `LoRA ${JSON.stringify(lora)}` : 'full fine-tuning'}`);
  }
  if (engine.halfBase !== halfBase) {
    engine.destroy();
    throw new Error(`The engine keeps its frozen base as ${engine.halfBase ? 'f16' : 'f32'}, but the run asks for ${halfBase ? 'f16' : 'f32'}`);
  }
  return engine;
}

function runStage(ctx: StageContext, iteration: number, stage: RunStage): Promise<void> {
  switch (stage) {
    case 'finetune':
      return finetuneStage(ctx);
    case 'edit':
      return editStage(ctx, iteration);
    case 'postprocess':
      return postprocessStage(ctx, iteration);
    case 'train':
      return trainIterationStage(ctx, iteration);
    case 'evaluate':
      return evaluateStage(ctx, iteration, modelName(ctx.config, iteration));
  }
}

/**
 * A seeded preset with the config's tokenizer; the shipped warm start of the task and level; or a stored checkpoint's
 * architecture, weights and tokenizer.
 */
export async function startingModel(deps: Pick<PipelineDeps, 'db' | 'loadWarmStart'>, c: RunConfig): Promise<{ model: ModelConfig; tokenizer: Tokenizer; weights?: Float32Array }> {
  if (c.warmStart) return warmStartModel(deps, c);
  if (c.initialCheckpoint === null || c.initialCheckpoint === undefined) {
    // Adapters beside frozen random weights would learn on top of noise.
    if (c.lora) throw new Error('LoRA trains adapters beside frozen weights, so it needs a trained model to start from: an imported checkpoint or the warm start, not a seeded preset');
    const tokenizer = tokenizerFor(c.tokenizer);
    return { model: presetConfig(c.preset, tokenizer.vocabSize, { maxSeqLen: c.contextLength }), tokenizer };
  }
  const { record, weights } = await loadCheckpoint(deps.db, c.initialCheckpoint);
  const { model: arch, tokenizer: saved } = storedModel(record);
  const model: ModelConfig = { ...arch, maxSeqLen: c.contextLength };
  validateConfig(model);
  const tokenizer = saved ? deserializeTokenizer(saved) : tokenizerFor('char');
  if (tokenizer.vocabSize > model.vocabSize) {
    throw new Error(`Checkpoint ${record.label}: its tokenizer has ${tokenizer.vocabSize} tokens but the model only ${model.vocabSize}`);
  }
  return { model, tokenizer, weights };
}

/** The shipped warm start: its architecture (with the run's context), weights and tokenizer. */
async function warmStartModel(deps: Pick<PipelineDeps, 'loadWarmStart'>, c: RunConfig): Promise<{ model: ModelConfig; tokenizer: Tokenizer; weights: Float32Array }> {
  const name = warmStartName(c.task, c.level);
  if (!deps.loadWarmStart) throw new Error(`This run starts from the warm start ${name}, but nothing here can load warm starts`);
  const ck = readCheckpointFile(await deps.loadWarmStart(name));
  if (!ck.tokenizer) throw new Error(`Warm start ${name} has no tokenizer in its metadata; rebuild it with npm run warmstart`);
  const model: ModelConfig = { ...ck.config, maxSeqLen: c.contextLength };
  validateConfig(model);
  return { model, tokenizer: deserializeTokenizer(ck.tokenizer), weights: flatten(buildParamTable(model), ck.params) };
}

/** The trained weights (with LoRA, base and adapters), stored as the stage completes (one transaction, which also drops its training checkpoint). */
async function storeWeights(ctx: StageContext, iteration: number, stage: TrainingStage): Promise<void> {
  const { tensors, weights } = packParts(modelParts(ctx.model, ctx.engine.lora, await ctx.engine.readParams()));
  await finishTrainingStage(ctx.deps.db, { runId: ctx.runId, iteration, label: modelName(ctx.config, iteration), modelConfig: ctx.model as unknown as JsonObject, tensors, weights }, stage);
}

/** On resume, the newest stored checkpoint's weights (and adapters); a fresh run keeps the seeded init. */
async function restoreWeights(ctx: StageContext, resuming: boolean): Promise<void> {
  if (!resuming) return;
  const checkpoints = await listCheckpoints(ctx.deps.db, ctx.runId);
  const newest = checkpoints.sort((a, b) => b.iteration - a.iteration || b.id - a.id)[0];
  if (!newest) return;
  const { record, weights } = await loadCheckpoint(ctx.deps.db, newest.id);
  await ctx.engine.writeParams(storedTensors(record.tensors, weights));
}

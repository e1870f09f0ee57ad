// Checkpoints as safetensors (src/engine/safetensors.ts): parameters under their Hugging Face names, F32;
// Adam moments optionally as `optimizer.m.<name>` / `optimizer.v.<name>`; the model config, the tokenizer and
// the training step as JSON strings in `__metadata__`. A checkpoint loads into either backend.
// With LoRA (src/engine/lora.ts) the adapters' tensors sit beside the base's under their PEFT names, the moments
// are the adapters' (the base has none), and `__metadata__.lora` holds the LoRA config.
import { validateConfig, type ModelConfig } from './config';
import type { Engine, TrainingState } from './engine';
import { buildLoraTable, sameLora, validateLora, type LoraConfig } from './lora';
import { buildParamTable, type TensorTable } from './params';
import { decodeSafetensors, encodeSafetensors, type TensorToWrite } from './safetensors';
import type { SerializedTokenizer } from './tokenizer';

export const CHECKPOINT_FORMAT = 'tripost-checkpoint';
export const CHECKPOINT_VERSION = '1';

export type { TrainingState } from './engine';

export interface Checkpoint {
  config: ModelConfig;
  params: Record<string, Float32Array>; // Hugging Face names, (out_features, in_features) layout
  tokenizer?: SerializedTokenizer;
  training?: TrainingState;
  /** LoRA adapters: `params` holds their tensors beside the base's, and the Adam moments are theirs only. */
  lora?: LoraConfig;
}

const MOMENT_PREFIX = { m: 'optimizer.m.', v: 'optimizer.v.' } as const;

/** Every tensor of the table present with its shape; names the first that is missing or wrong. */
export function checkTensors(table: TensorTable, params: Record<string, Float32Array>, where: string): void {
  for (const e of table.entries) {
    const t = params[e.name];
    if (!t) throw new Error(`${where}: missing tensor ${e.name} (shape [${e.shape.join(', ')}])`);
    if (t.length !== e.size) throw new Error(`${where}: tensor ${e.name} holds ${t.length} values, expected shape [${e.shape.join(', ')}]`);
  }
}

/** The tables of a checkpoint: every tensor it holds (base, then adapters) and those with Adam moments. */
function tablesOf(config: ModelConfig, lora: LoraConfig | undefined): { all: TensorTable[]; trainable: TensorTable } {
  const base = buildParamTable(config);
  if (!lora) return { all: [base], trainable: base };
  const adapters = buildLoraTable(config, lora);
  return { all: [base, adapters], trainable: adapters };
}

export function saveCheckpoint(ck: Checkpoint): Uint8Array {
  validateConfig(ck.config);
  const { all, trainable } = tablesOf(ck.config, ck.lora);
  for (const table of all) checkTensors(table, ck.params, 'saveCheckpoint');
  const tensors: TensorToWrite[] = all.flatMap((t) => t.entries).map((e) => ({ name: e.name, shape: e.shape, data: ck.params[e.name] }));
  const moments = ck.training?.moments;
  if (moments) {
    for (const key of ['m', 'v'] as const) {
      checkTensors(trainable, moments[key], `saveCheckpoint (Adam ${key})`);
      for (const e of trainable.entries) tensors.push({ name: MOMENT_PREFIX[key] + e.name, shape: e.shape, data: moments[key][e.name] });
    }
  }
  const metadata: Record<string, string> = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config: JSON.stringify(ck.config),
  };
  if (ck.lora) metadata.lora = JSON.stringify(validateLora(ck.lora));
  if (ck.tokenizer) metadata.tokenizer = JSON.stringify(ck.tokenizer);
  if (ck.training) metadata.training = JSON.stringify({ step: ck.training.step });
  return encodeSafetensors(tensors, metadata);
}

function parseJson<T>(text: string | undefined, what: string): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`Checkpoint metadata "${what}" is not valid JSON: ${(err as Error).message}`);
  }
}

/** Reads a checkpoint written by saveCheckpoint (F16 and BF16 tensors are widened to F32). */
export function loadCheckpoint(bytes: Uint8Array): Checkpoint {
  const { metadata, tensors } = decodeSafetensors(bytes);
  if (metadata.format !== CHECKPOINT_FORMAT) {
    throw new Error(`Not a TriPosT checkpoint (metadata format ${JSON.stringify(metadata.format)}); a Hugging Face model is imported with importHfLlama`);
  }
  if (metadata.version !== CHECKPOINT_VERSION) throw new Error(`Checkpoint version ${metadata.version} is not supported (this build reads ${CHECKPOINT_VERSION})`);
  const config = parseJson<ModelConfig>(metadata.config, 'config');
  if (!config) throw new Error('Checkpoint metadata has no model config');
  validateConfig(config);
  const lora = parseJson<LoraConfig>(metadata.lora, 'lora');
  const { all, trainable } = tablesOf(config, lora);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const pick = (prefix: string, tables: TensorTable[]) => {
    const out: Record<string, Float32Array> = {};
    for (const e of tables.flatMap((t) => t.entries)) {
      const t = byName.get(prefix + e.name);
      if (!t) continue;
      if (t.shape.join() !== e.shape.join()) throw new Error(`Checkpoint tensor ${prefix + e.name} has shape [${t.shape.join(', ')}], expected [${e.shape.join(', ')}]`);
      out[e.name] = t.data;
    }
    return out;
  };
  const params = pick('', all);
  for (const table of all) checkTensors(table, params, 'Checkpoint');
  const known = new Set([
    ...all.flatMap((t) => t.entries).map((e) => e.name),
    ...trainable.entries.flatMap((e) => [MOMENT_PREFIX.m + e.name, MOMENT_PREFIX.v + e.name]),
  ]);
  const stray = tensors.find((t) => !known.has(t.name));
  if (stray) throw new Error(`Checkpoint holds tensor ${stray.name}, which this model config${lora ? ' and LoRA config' : ''} does not have`);

  const ck: Checkpoint = { config, params, tokenizer: parseJson<SerializedTokenizer>(metadata.tokenizer, 'tokenizer') };
  if (lora) ck.lora = validateLora(lora);
  const training = parseJson<{ step: number }>(metadata.training, 'training');
  if (training) {
    ck.training = { step: training.step };
    const [m, v] = [pick(MOMENT_PREFIX.m, [trainable]), pick(MOMENT_PREFIX.v, [trainable])];
    if (Object.keys(m).length > 0 || Object.keys(v).length > 0) {
      checkTensors(trainable, m, 'Checkpoint (Adam m)');
      checkTensors(trainable, v, 'Checkpoint (Adam v)');
      ck.training.moments = { m, v };
    }
  }
  return ck;
}

/** The engine's weights, with `optimizer` its Adam step and moments too (to resume training), as a checkpoint file. */
export async function saveEngine(engine: Engine, opts: { tokenizer?: SerializedTokenizer; optimizer?: boolean } = {}): Promise<Uint8Array> {
  // Both reads are queued before either resolves, so a step called meanwhile lands in neither: one consistent snapshot.
  const [params, training] = await Promise.all([engine.readParams(), opts.optimizer ? engine.readOptimizerState() : undefined]);
  return saveCheckpoint({ config: engine.config, params, tokenizer: opts.tokenizer, training, ...(engine.lora ? { lora: engine.lora } : {}) });
}

/**
 * Loads a checkpoint's weights into an engine built for the same config, and its training state when it has one
 * (a step without moments zeroes them); without one the optimizer starts afresh at step 0. A checkpoint with LoRA
 * adapters needs an engine with the same LoRA config. A checkpoint without adapters loads into a LoRA engine as
 * its base: the adapters keep their values and their optimizer starts afresh (the checkpoint's moments, if any,
 * are the base's).
 */
export async function restoreEngine(engine: Engine, ck: Checkpoint): Promise<void> {
  if (JSON.stringify(engine.config) !== JSON.stringify({ ...engine.config, ...ck.config })) {
    throw new Error(`Checkpoint config ${JSON.stringify(ck.config)} differs from the engine's ${JSON.stringify(engine.config)}`);
  }
  if (ck.lora && !sameLora(ck.lora, engine.lora)) {
    throw new Error(`Checkpoint LoRA adapters ${JSON.stringify(ck.lora)} differ from the engine's ${JSON.stringify(engine.lora)}`);
  }
  // Before writing anything: all or nothing.
  for (const table of tablesOf(engine.config, ck.lora).all) checkTensors(table, ck.params, 'restoreEngine');
  const baseIntoLora = engine.lora !== null && !ck.lora;
  // No training state: the engine starts afresh (step 0, zero moments), not with the moments of other weights.
  await engine.writeOptimizerState(baseIntoLora ? { step: 0 } : (ck.training ?? { step: 0 }));
  await engine.writeParams(ck.params);
}

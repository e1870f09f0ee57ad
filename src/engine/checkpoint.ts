// Checkpoints as safetensors (src/engine/safetensors.ts): parameters under their Hugging Face names, F32;
// Adam moments optionally as `optimizer.m.<name>` / `optimizer.v.<name>`; the model config, the tokenizer and
// the training step as JSON strings in `__metadata__`. A checkpoint loads into either backend.
import { validateConfig, type ModelConfig } from './config';
import type { Engine, TrainingState } from './engine';
import { buildParamTable, type ParamTable } from './params';
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
}

const MOMENT_PREFIX = { m: 'optimizer.m.', v: 'optimizer.v.' } as const;

/** Every tensor of the table present with its shape; names the first that is missing or wrong. */
export function checkTensors(table: ParamTable, params: Record<string, Float32Array>, where: string): void {
  for (const e of table.entries) {
    const t = params[e.name];
    if (!t) throw new Error(`${where}: missing tensor ${e.name} (shape [${e.shape.join(', ')}])`);
    if (t.length !== e.size) throw new Error(`${where}: tensor ${e.name} holds ${t.length} values, expected shape [${e.shape.join(', ')}]`);
  }
}

export function saveCheckpoint(ck: Checkpoint): Uint8Array {
  validateConfig(ck.config);
  const table = buildParamTable(ck.config);
  checkTensors(table, ck.params, 'saveCheckpoint');
  const tensors: TensorToWrite[] = table.entries.map((e) => ({ name: e.name, shape: e.shape, data: ck.params[e.name] }));
  const moments = ck.training?.moments;
  if (moments) {
    for (const key of ['m', 'v'] as const) {
      checkTensors(table, moments[key], `saveCheckpoint (Adam ${key})`);
      for (const e of table.entries) tensors.push({ name: MOMENT_PREFIX[key] + e.name, shape: e.shape, data: moments[key][e.name] });
    }
  }
  const metadata: Record<string, string> = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config: JSON.stringify(ck.config),
  };
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
  const table = buildParamTable(config);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const pick = (prefix: string) => {
    const out: Record<string, Float32Array> = {};
    for (const e of table.entries) {
      const t = byName.get(prefix + e.name);
      if (!t) continue;
      if (t.shape.join() !== e.shape.join()) throw new Error(`Checkpoint tensor ${prefix + e.name} has shape [${t.shape.join(', ')}], expected [${e.shape.join(', ')}]`);
      out[e.name] = t.data;
    }
    return out;
  };
  const params = pick('');
  checkTensors(table, params, 'Checkpoint');
  const known = new Set(table.entries.flatMap((e) => [e.name, MOMENT_PREFIX.m + e.name, MOMENT_PREFIX.v + e.name]));
  const stray = tensors.find((t) => !known.has(t.name));
  if (stray) throw new Error(`Checkpoint holds tensor ${stray.name}, which this model config does not have`);

  const ck: Checkpoint = { config, params, tokenizer: parseJson<SerializedTokenizer>(metadata.tokenizer, 'tokenizer') };
  const training = parseJson<{ step: number }>(metadata.training, 'training');
  if (training) {
    ck.training = { step: training.step };
    const [m, v] = [pick(MOMENT_PREFIX.m), pick(MOMENT_PREFIX.v)];
    if (Object.keys(m).length > 0 || Object.keys(v).length > 0) {
      checkTensors(table, m, 'Checkpoint (Adam m)');
      checkTensors(table, v, 'Checkpoint (Adam v)');
      ck.training.moments = { m, v };
    }
  }
  return ck;
}

/** The engine's weights, with `optimizer` its Adam step and moments too (to resume training), as a checkpoint file. */
export async function saveEngine(engine: Engine, opts: { tokenizer?: SerializedTokenizer; optimizer?: boolean } = {}): Promise<Uint8Array> {
  // Both reads are queued before either resolves, so a step called meanwhile lands in neither: one consistent snapshot.
  const [params, training] = await Promise.all([engine.readParams(), opts.optimizer ? engine.readOptimizerState() : undefined]);
  return saveCheckpoint({ config: engine.config, params, tokenizer: opts.tokenizer, training });
}

/**
 * Loads a checkpoint's weights into an engine built for the same config, and its training state when it has one
 * (a step without moments zeroes them); without one the optimizer starts afresh at step 0.
 */
export async function restoreEngine(engine: Engine, ck: Checkpoint): Promise<void> {
  if (JSON.stringify(engine.config) !== JSON.stringify({ ...engine.config, ...ck.config })) {
    throw new Error(`Checkpoint config ${JSON.stringify(ck.config)} differs from the engine's ${JSON.stringify(engine.config)}`);
  }
  checkTensors(buildParamTable(engine.config), ck.params, 'restoreEngine'); // before writing anything: all or nothing
  // No training state: the engine starts afresh (step 0, zero moments), not with the moments of other weights.
  await engine.writeOptimizerState(ck.training ?? { step: 0 });
  await engine.writeParams(ck.params);
}

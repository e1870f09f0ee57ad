// LoRA adapters as a Hugging Face PEFT folder: adapter_config.json and adapter_model.safetensors, whose keys are
// the engine's names under `base_model.model.` (PEFT saves without the adapter's name), e.g.
// base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight (r, in). PeftModel.from_pretrained(base, folder)
// loads what exportPeft writes; importPeft reads such a folder back, refusing what the engine cannot compute.
import type { ModelConfig } from './config';
import type { FolderFile } from './export-hf';
import type { WholeFile } from './import-hf';
import { buildLoraTable, LORA_TARGETS, validateLora, type LoraConfig, type LoraTarget } from './lora';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

export const PEFT_PREFIX = 'base_model.model.';

/** adapter_config.json of a LoRA config, with PEFT's defaults for everything the engine does not vary. */
export function peftAdapterConfig(lora: LoraConfig, baseModel: string | null = null): Record<string, unknown> {
  const l = validateLora(lora);
  return {
    peft_type: 'LORA',
    task_type: 'CAUSAL_LM',
    base_model_name_or_path: baseModel,
    r: l.rank,
    lora_alpha: l.alpha,
    target_modules: l.targets,
    lora_dropout: 0,
    bias: 'none',
    fan_in_fan_out: false,
    use_rslora: false,
    use_dora: false,
    init_lora_weights: true,
    layers_to_transform: null,
    layers_pattern: null,
    rank_pattern: {},
    alpha_pattern: {},
    modules_to_save: null,
    inference_mode: true,
  };
}

/** The folder's two files from the adapters' tensors (named as the engine names them; base tensors are left out). */
export function exportPeft(config: ModelConfig, lora: LoraConfig, params: Record<string, Float32Array>, opts: { baseModel?: string } = {}): FolderFile[] {
  const table = buildLoraTable(config, lora);
  const tensors = table.entries.map((e) => {
    const data = params[e.name];
    if (!data || data.length !== e.size) throw new Error(`exportPeft: adapter tensor ${e.name} (shape [${e.shape.join(', ')}]) is ${data ? `of ${data.length} values` : 'missing'}`);
    return { name: PEFT_PREFIX + e.name, shape: e.shape, data };
  });
  return [
    { name: 'adapter_config.json', bytes: new TextEncoder().encode(`${JSON.stringify(peftAdapterConfig(lora, opts.baseModel ?? null), null, 2)}\n`) },
    { name: 'adapter_model.safetensors', bytes: encodeSafetensors(tensors, { format: 'pt' }) },
  ];
}

/** The engine's LoRA config of an adapter_config.json; settings that change the computation are refused by name. */
export function loraFromPeftConfig(json: Record<string, unknown>): LoraConfig {
  const refuse = (what: string): never => {
    throw new Error(`PEFT import: adapter_config.json ${what} is not supported`);
  };
  if (json.peft_type !== 'LORA') refuse(`peft_type ${JSON.stringify(json.peft_type)} (only "LORA")`);
  if (json.use_rslora === true) refuse('use_rslora: true (the engine scales by lora_alpha / r)');
  if (json.use_dora === true) refuse('use_dora: true');
  if (json.fan_in_fan_out === true) refuse('fan_in_fan_out: true');
  if (json.bias !== undefined && json.bias !== 'none') refuse(`bias ${JSON.stringify(json.bias)} (only "none")`);
  for (const key of ['rank_pattern', 'alpha_pattern'] as const) {
    if (json[key] && Object.keys(json[key] as object).length > 0) refuse(`${key} (one rank and alpha for every adapter)`);
  }
  if (json.layers_to_transform !== undefined && json.layers_to_transform !== null) refuse('layers_to_transform (adapters in every layer)');
  const saved = json.modules_to_save as unknown[] | null | undefined;
  if (saved && saved.length > 0) refuse(`modules_to_save ${JSON.stringify(saved)}`);
  let targets = json.target_modules;
  if (targets === 'all-linear') targets = [...LORA_TARGETS]; // PEFT: every linear layer but the output head
  else if (typeof targets === 'string') targets = (LORA_TARGETS as readonly string[]).includes(targets) ? [targets] : refuse(`target_modules ${JSON.stringify(targets)} (a regular expression; name the modules)`);
  if (!Array.isArray(targets)) refuse('without target_modules');
  return validateLora({ rank: json.r as number, alpha: json.lora_alpha as number, targets: targets as LoraTarget[] });
}

/** Reads a PEFT folder (the picked files) for a model of `config`: its LoRA config and adapters under the engine's names. */
export async function importPeft(files: WholeFile[], config: ModelConfig): Promise<{ lora: LoraConfig; adapters: Record<string, Float32Array> }> {
  const byName = new Map(files.map((f) => [f.name.split(/[\\/]/).pop()!, f]));
  const read = async (name: string) => {
    const f = byName.get(name);
    if (!f) throw new Error(`PEFT import: ${name} is missing (a PEFT folder holds adapter_config.json and adapter_model.safetensors)`);
    return new Uint8Array(await f.arrayBuffer());
  };
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(new TextDecoder().decode(await read('adapter_config.json')));
  } catch (err) {
    if ((err as Error).message.startsWith('PEFT import')) throw err;
    throw new Error(`PEFT import: adapter_config.json is not valid JSON (${(err as Error).message})`);
  }
  const lora = loraFromPeftConfig(json);
  const table = buildLoraTable(config, lora);
  const { tensors } = decodeSafetensors(await read('adapter_model.safetensors'));
  const adapters: Record<string, Float32Array> = {};
  for (const t of tensors) {
    const name = t.name.startsWith(PEFT_PREFIX) ? t.name.slice(PEFT_PREFIX.length) : t.name;
    const e = table.byName.get(name);
    if (!e) throw new Error(`PEFT import: tensor ${t.name} is not an adapter of this model with targets ${lora.targets.join(', ')}`);
    if (t.shape.join() !== e.shape.join()) throw new Error(`PEFT import: tensor ${t.name} has shape [${t.shape.join(', ')}], expected [${e.shape.join(', ')}]`);
    adapters[name] = t.data;
  }
  const missing = table.entries.find((e) => !adapters[e.name]);
  if (missing) throw new Error(`PEFT import: tensor ${PEFT_PREFIX + missing.name} is missing`);
  return { lora, adapters };
}

// `npm run experiment -- --init-hf DIR --lora-rank N [--lora-alpha N] [--lora-targets q_proj,v_proj]`: the run trains
// LoRA adapters (src/engine/lora.ts) beside the folder's frozen weights instead of every weight; `--export-peft DIR`
// writes them as a PEFT folder when the runs end (peft-folder.ts).
import { DEFAULT_LORA_TARGETS, LORA_TARGETS, type LoraConfig, type LoraTarget } from '../engine/lora';
import { positiveInteger, UsageError } from './usage-error';

export const LORA_FLAGS = {
  'lora-rank': { value: 'N', help: "train LoRA adapters of rank N beside the --init-hf model's frozen weights instead of fine-tuning every weight" },
  'lora-alpha': { value: 'N', help: "the adapters' update is scaled by alpha / rank (default: the rank, scale 1, as PEFT's defaults r = 8, lora_alpha = 8)" },
  'lora-half': { value: null, help: "keep the frozen model's matrices and embeddings as f16 on the GPU: half their memory (needs shader-f16; the cpu backend rounds them the same)" },
  'lora-targets': { value: 'a,b,…', help: `projections that get adapters, among ${LORA_TARGETS.join(', ')} (default ${DEFAULT_LORA_TARGETS.join(',')})` },
  'export-peft': { value: 'DIR', help: "when the runs end, write each LoRA run's adapters (its last model) as a PEFT folder (adapter_config.json, adapter_model.safetensors); baselines in DIR/<method>/" },
} as const;

/** The flags that set the LoRA config (a resumed run keeps its bundle's, so these are refused with --resume). */
export const LORA_CONFIG_FLAGS: ReadonlySet<string> = new Set(['lora-rank', 'lora-alpha', 'lora-targets', 'lora-half']);

function alpha(raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--lora-alpha: expected a positive number; got '${raw}'`);
  return n;
}

function targets(raw: string): LoraTarget[] {
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError(`--lora-targets: name at least one of ${LORA_TARGETS.join(', ')}`);
  for (const name of names) {
    if (!(LORA_TARGETS as readonly string[]).includes(name)) throw new UsageError(`--lora-targets: unknown projection '${name}'; choose among ${LORA_TARGETS.join(', ')}`);
  }
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new UsageError(`--lora-targets: '${twice}' is named twice`);
  return names as LoraTarget[];
}

/**
 * The LoRA config the flags ask for and whether its frozen base is kept as f16, or null when none of them is given.
 * LoRA needs --init-hf: it adapts a pretrained model, and a seeded preset has nothing trained to adapt.
 */
export function loraFromFlags(pairs: readonly [string, string | null][], initHf: string | undefined): { lora: LoraConfig; halfBase: boolean } | null {
  const value = (flag: string) => pairs.findLast(([f]) => f === flag)?.[1] ?? undefined;
  const [r, a, t] = [value('lora-rank'), value('lora-alpha'), value('lora-targets')];
  const halfBase = pairs.some(([f]) => f === 'lora-half');
  if (r === undefined) {
    const stray = a !== undefined ? 'lora-alpha' : t !== undefined ? 'lora-targets' : halfBase ? 'lora-half' : null;
    if (stray) throw new UsageError(`--${stray} needs --lora-rank N (the adapters' rank)`);
    return null;
  }
  if (initHf === undefined) throw new UsageError('--lora-rank needs --init-hf DIR: LoRA trains adapters beside a pretrained model\'s frozen weights, and a seeded preset has nothing trained to adapt');
  const n = positiveInteger('lora-rank', r);
  return { lora: { rank: n, alpha: a === undefined ? n : alpha(a), targets: t === undefined ? [...DEFAULT_LORA_TARGETS] : targets(t) }, halfBase };
}

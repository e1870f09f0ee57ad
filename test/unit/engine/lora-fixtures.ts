// LoRA fixtures shared by the unit and gpu tiers: configs, and adapters whose B is not zero.
import type { ModelConfig } from '../../../src/engine/config';
import { buildLoraTable, LORA_TARGETS, type LoraConfig } from '../../../src/engine/lora';
import { unflatten } from '../../../src/engine/params';
import { randomArray } from '../../helpers/numeric';

/** Every target, an odd rank, alpha ≠ rank (scale 2), so a wrong slice or a missing scale shows. */
export const ALL_TARGETS: LoraConfig = { rank: 3, alpha: 6, targets: [...LORA_TARGETS] };

/** Attention-only, the common PEFT choice for Llama models, at a vec4-friendly rank. */
export const QV_ONLY: LoraConfig = { rank: 8, alpha: 16, targets: ['v_proj', 'q_proj'] };

/**
 * Adapters with A and B uniform in ±scale. A fresh adapter has B = 0, which hides every path through A (dA = 0,
 * and the output equals the base's), so the checks of forward and backward start from these.
 */
export function liveAdapters(c: ModelConfig, lora: LoraConfig, seed: number, scale = 0.5): Record<string, Float32Array> {
  const table = buildLoraTable(c, lora);
  return unflatten(table, randomArray(table.total, seed, scale));
}

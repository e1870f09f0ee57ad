// How a run's model sits in a stored checkpoint's flat buffer (store/checkpoints.ts): the base's tensors as the
// param table lays them out, then, with LoRA, the adapters' after them; a training checkpoint adds Adam's moments of
// what trains (`adam.m.<name>`, `adam.v.<name>`). Readers go by the record's own tensor list, so checkpoints stored
// before LoRA existed (base, or base then moments) read as they always did.
import { buildLoraTable, type LoraConfig } from '../engine/lora';
import { buildParamTable, flatten, type TensorTable } from '../engine/params';
import type { ModelConfig } from '../engine/config';
import type { SerializedTokenizer } from '../engine/tokenizer';
import type { CheckpointRecord, CheckpointTensor } from '../store';

export const MOMENT_PREFIX = { m: 'adam.m.', v: 'adam.v.' } as const;

/** Named tensors laid out as one table says, their stored names prefixed. */
export interface StoredPart {
  prefix: string;
  table: TensorTable;
  named: Record<string, Float32Array>;
}

/** The model's parts: the base, then the adapters when it has them (both from the same named record, as readParams gives it). */
export function modelParts(model: ModelConfig, lora: LoraConfig | null, named: Record<string, Float32Array>): StoredPart[] {
  const parts: StoredPart[] = [{ prefix: '', table: buildParamTable(model), named }];
  if (lora) parts.push({ prefix: '', table: buildLoraTable(model, lora), named });
  return parts;
}

/** What AdamW updates: the adapters under LoRA, else every weight. */
export function trainableTable(model: ModelConfig, lora: LoraConfig | null): TensorTable {
  return lora ? buildLoraTable(model, lora) : buildParamTable(model);
}

/** The parts one after another in a flat buffer, with the store's manifest of every tensor (each must be present). */
export function packParts(parts: readonly StoredPart[]): { tensors: CheckpointTensor[]; weights: Float32Array } {
  const weights = new Float32Array(parts.reduce((n, p) => n + p.table.total, 0));
  const tensors: CheckpointTensor[] = [];
  let start = 0;
  for (const { prefix, table, named } of parts) {
    flatten(table, named, weights.subarray(start, start + table.total));
    for (const e of table.entries) tensors.push({ name: prefix + e.name, shape: e.shape, offset: start + e.offset });
    start += table.total;
  }
  return { tensors, weights };
}

/**
 * The tensors a record's manifest addresses (views into `weights`): with a prefix, those under it (prefix removed);
 * without one, the model's own (base and adapters), never the moments.
 */
export function storedTensors(tensors: readonly CheckpointTensor[], weights: Float32Array, prefix = ''): Record<string, Float32Array> {
  const moments = Object.values(MOMENT_PREFIX);
  const out: Record<string, Float32Array> = {};
  for (const t of tensors) {
    if (!t.name.startsWith(prefix) || (prefix === '' && moments.some((m) => t.name.startsWith(m)))) continue;
    out[t.name.slice(prefix.length)] = weights.subarray(t.offset, t.offset + t.shape.reduce((a, b) => a * b, 1));
  }
  return out;
}

/** A stored checkpoint's architecture, and the tokenizer an imported one carries beside it (imported-checkpoint.ts). */
export function storedModel(record: Pick<CheckpointRecord, 'modelConfig'>): { model: ModelConfig; tokenizer?: SerializedTokenizer } {
  const { tokenizer, ...model } = record.modelConfig as unknown as ModelConfig & { tokenizer?: SerializedTokenizer };
  return tokenizer ? { model, tokenizer } : { model };
}

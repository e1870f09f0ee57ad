// An imported Hugging Face model kept in the store as a checkpoint of no run (runId 0): a run names it as its
// `initialCheckpoint`. Shared by Settings' import in the app and `npm run experiment -- --init-hf DIR`.
import { buildParamTable, type Checkpoint } from '../engine';
import { saveCheckpoint, type JsonObject, type NewCheckpoint, type TriPostDb } from '../store';
import { modelParts, packParts } from './stored-weights';

/** Imported checkpoints belong to no run. */
export const IMPORTED_RUN_ID = 0;

/**
 * The store's manifest and flat weights; the tokenizer travels inside the model config, as startingModel reads it.
 * The importer's `flat` (already the param table's layout) is stored as it is, not copied: one model in memory.
 */
export function importedCheckpointRecord(ck: Checkpoint & { flat?: Float32Array }, label: string): NewCheckpoint {
  const asImported = ck.flat && Object.values(ck.params).every((t) => t.buffer === ck.flat!.buffer); // params not replaced since
  const { tensors, weights } = asImported ? laidOut(ck.config, ck.flat!) : packParts(modelParts(ck.config, null, ck.params));
  const modelConfig = { ...ck.config, ...(ck.tokenizer && { tokenizer: ck.tokenizer }) } as unknown as JsonObject;
  return { runId: IMPORTED_RUN_ID, iteration: 0, label, modelConfig, tensors, weights };
}

function laidOut(config: Checkpoint['config'], flat: Float32Array): { tensors: NewCheckpoint['tensors']; weights: Float32Array } {
  const table = buildParamTable(config);
  if (flat.length !== table.total) throw new Error(`Imported weights hold ${flat.length} values, the model's table ${table.total}`);
  return { tensors: table.entries.map(({ name, shape, offset }) => ({ name, shape, offset })), weights: flat };
}

/** Stores the model; returns the checkpoint id a run config's `initialCheckpoint` takes. */
export function saveImportedCheckpoint(db: TriPostDb, ck: Checkpoint & { flat?: Float32Array }, label: string): Promise<number> {
  return saveCheckpoint(db, importedCheckpointRecord(ck, label));
}

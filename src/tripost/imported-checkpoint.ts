// An imported Hugging Face model kept in the store as a checkpoint of no run (runId 0): a run names it as its
// `initialCheckpoint`. Shared by Settings' import in the app and `npm run experiment -- --init-hf DIR`.
import type { Checkpoint } from '../engine';
import { saveCheckpoint, type JsonObject, type NewCheckpoint, type TriPostDb } from '../store';
import { modelParts, packParts } from './stored-weights';

/** Imported checkpoints belong to no run. */
export const IMPORTED_RUN_ID = 0;

/** The store's manifest and flat weights; the tokenizer travels inside the model config, as startingModel reads it. */
export function importedCheckpointRecord(ck: Checkpoint, label: string): NewCheckpoint {
  const { tensors, weights } = packParts(modelParts(ck.config, null, ck.params));
  const modelConfig = { ...ck.config, ...(ck.tokenizer && { tokenizer: ck.tokenizer }) } as unknown as JsonObject;
  return { runId: IMPORTED_RUN_ID, iteration: 0, label, modelConfig, tensors, weights };
}

/** Stores the model; returns the checkpoint id a run config's `initialCheckpoint` takes. */
export function saveImportedCheckpoint(db: TriPostDb, ck: Checkpoint, label: string): Promise<number> {
  return saveCheckpoint(db, importedCheckpointRecord(ck, label));
}

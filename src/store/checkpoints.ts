// Checkpoints: a flat float32 weight buffer stored as ArrayBuffer chunks of at most 32 MiB plus a
// manifest, written with strict durability (see durabilityFor in db.ts).
import type { TriPostDb } from './db';
import { NotFound } from './errors';
import { guardWrite } from './health';
import { CHUNK_BYTES, type CheckpointChunk, type CheckpointRecord, type New } from './schema';

/** What the engine hands over: the manifest fields and the flat weights they address. */
export type NewCheckpoint = Omit<New<CheckpointRecord>, 'byteLength' | 'chunkCount' | 'createdAt'> & {
  weights: Float32Array;
  createdAt?: number;
};

export interface LoadedCheckpoint {
  record: CheckpointRecord;
  weights: Float32Array;
}

function checkTensorsFit(checkpoint: NewCheckpoint): void {
  for (const t of checkpoint.tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (!Number.isInteger(t.offset) || t.offset < 0 || t.offset + size > checkpoint.weights.length) {
      throw new RangeError(`Tensor ${t.name} (offset ${t.offset}, ${size} values) lies outside the ${checkpoint.weights.length} weights`);
    }
  }
}

/** The weights as ≤ 32 MiB chunks, each copied when it is reached: the caller must not change them until the save ends. */
function* toChunks(checkpointId: number, weights: Float32Array): Generator<CheckpointChunk> {
  const bytes = new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength);
  for (let start = 0, index = 0; start < bytes.length; start += CHUNK_BYTES, index++) {
    yield { checkpointId, index, data: bytes.slice(start, start + CHUNK_BYTES).buffer };
  }
}

/** Saves a checkpoint (manifest and chunks in one transaction); returns its id. */
export async function saveCheckpoint(db: TriPostDb, checkpoint: NewCheckpoint): Promise<number> {
  checkTensorsFit(checkpoint);
  const { weights, ...manifest } = checkpoint;
  const record: New<CheckpointRecord> = {
    ...manifest,
    byteLength: weights.byteLength,
    chunkCount: Math.ceil(weights.byteLength / CHUNK_BYTES),
    createdAt: checkpoint.createdAt ?? Date.now(),
  };
  return guardWrite(() =>
    db.transaction('rw', db.checkpoints, db.checkpointChunks, async () => {
      const id = await db.checkpoints.add(record);
      // One chunk per put keeps the peak transaction memory at one chunk beyond the weights.
      for (const chunk of toChunks(id, weights)) await db.checkpointChunks.put(chunk);
      return id;
    }),
  );
}

/** Loads a checkpoint's manifest and reassembles its weights. */
export async function loadCheckpoint(db: TriPostDb, checkpointId: number): Promise<LoadedCheckpoint> {
  return db.transaction('r', db.checkpoints, db.checkpointChunks, async () => {
    const record = await db.checkpoints.get(checkpointId);
    if (!record) throw new NotFound(`No checkpoint with id ${checkpointId}`);
    const bytes = new Uint8Array(record.byteLength);
    for (let index = 0; index < record.chunkCount; index++) {
      const chunk = await db.checkpointChunks.get([checkpointId, index]);
      if (!chunk) throw new NotFound(`Checkpoint ${checkpointId} is missing chunk ${index} of ${record.chunkCount}`);
      bytes.set(new Uint8Array(chunk.data), index * CHUNK_BYTES);
    }
    return { record, weights: new Float32Array(bytes.buffer) };
  });
}

/** A run's model checkpoints (not its mid-stage training checkpoint), by iteration then creation. */
export async function listCheckpoints(db: TriPostDb, runId: number): Promise<CheckpointRecord[]> {
  const records = await db.checkpoints.where('runId').equals(runId).filter((c) => c.training === undefined).toArray();
  return records.sort((a, b) => a.iteration - b.iteration || a.createdAt - b.createdAt);
}

/** Deletes checkpoints and their chunks; call inside a transaction over both tables. */
export async function deleteCheckpointsIn(db: TriPostDb, checkpointIds: readonly number[]): Promise<void> {
  for (const id of checkpointIds) {
    await db.checkpointChunks.where('[checkpointId+index]').between([id, 0], [id, Infinity]).delete();
  }
  await db.checkpoints.bulkDelete(checkpointIds as number[]);
}

/** Deletes a checkpoint and its chunks. */
export async function deleteCheckpoint(db: TriPostDb, checkpointId: number): Promise<void> {
  await guardWrite(() => db.transaction('rw', db.checkpoints, db.checkpointChunks, () => deleteCheckpointsIn(db, [checkpointId])));
}

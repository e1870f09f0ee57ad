// A LoRA run's adapters as a Hugging Face PEFT folder (src/engine/peft.ts): those of its newest model checkpoint (the
// last iteration it finished), with the model it started from named as the base. The app zips the two files
// (Trajectories → Export LoRA adapters); `npm run experiment -- --export-peft DIR` writes them to a folder.
import type { FolderFile } from '../engine/export-hf';
import { exportPeft } from '../engine/peft';
import { getRun, listCheckpoints, loadCheckpoint, NotFound, type TriPostDb } from '../store';
import { withConfigDefaults, type RunConfig } from './config';
import { storedModel, storedTensors } from './stored-weights';
import { warmStartName } from './warmstart-manifest';

export interface PeftExport {
  files: FolderFile[];
  /** The model checkpoint the adapters come from, e.g. "tripost-3". */
  label: string;
}

/** The label of the model the run adapted: the imported checkpoint's or the warm start's; null when it is gone. */
async function baseModelName(db: TriPostDb, c: RunConfig): Promise<string | null> {
  if (c.warmStart) return warmStartName(c.task, c.level);
  if (c.initialCheckpoint === null || c.initialCheckpoint === undefined) return null;
  const record = await db.checkpoints.get(c.initialCheckpoint);
  return record?.label ?? null;
}

/** The PEFT folder's files of the run's newest model; refuses a run without adapters or without a trained model yet. */
export async function runPeftExport(db: TriPostDb, runId: number): Promise<PeftExport> {
  const config = withConfigDefaults((await getRun(db, runId)).config as unknown as RunConfig);
  if (!config.lora) throw new Error(`Run #${runId} fine-tunes every weight, so it has no LoRA adapters to export; its weights are in the run bundle`);
  const newest = (await listCheckpoints(db, runId)).at(-1);
  if (!newest) throw new NotFound(`Run #${runId} has no trained adapters yet: they are stored when its initial fine-tune ends`);
  const { record, weights } = await loadCheckpoint(db, newest.id);
  const baseModel = (await baseModelName(db, config)) ?? undefined;
  const files = exportPeft(storedModel(record).model, config.lora, storedTensors(record.tensors, weights), { baseModel });
  return { files, label: newest.label };
}

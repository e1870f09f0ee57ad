// `npm run experiment -- --export-peft DIR`: each LoRA run's adapters as a Hugging Face PEFT folder
// (tripost/peft-export.ts), the main run's in DIR and each baseline's in DIR/<method>/, for
// PeftModel.from_pretrained(base, DIR).
import type { TriPostDb } from '../store';
import { runPeftExport } from '../tripost/peft-export';
import { writeRunFolders } from './run-folders';

/** Writes the folders; returns one line per run saying what was written, or why nothing was. */
export function writePeftFolders(db: TriPostDb, runIds: Record<string, number>, mainName: string, dir: string): Promise<string[]> {
  const filesOf = async (runId: number) => {
    const { files, label } = await runPeftExport(db, runId);
    return { files: files.map((f) => ({ name: f.name, data: f.bytes })), what: `the LoRA adapters of ${label} as a PEFT folder` };
  };
  return writeRunFolders(runIds, mainName, dir, filesOf, 'no PEFT folder');
}

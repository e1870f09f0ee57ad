// `--export-authors DIR`, `--export-peft DIR`: each run's files written to a folder when the runs end, the main run's
// in DIR and each baseline's in DIR/<method>/; a run with nothing to write gets a line saying why instead.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A run's files and how to say what they are ("4 files in the authors' format"). */
export interface RunFiles {
  files: { name: string; data: string | Uint8Array }[];
  what: string;
}

/** Writes the folders; returns one line per run: what was written where, or `${nothing} (why)`. */
export async function writeRunFolders(runIds: Record<string, number>, mainName: string, dir: string, filesOf: (runId: number) => Promise<RunFiles>, nothing: string): Promise<string[]> {
  const notes: string[] = [];
  for (const [name, runId] of Object.entries(runIds)) {
    const folder = name === mainName ? dir : join(dir, name);
    let run: RunFiles;
    try {
      run = await filesOf(runId);
    } catch (e) {
      notes.push(`${name}: ${nothing} (${(e as Error).message})`);
      continue;
    }
    mkdirSync(folder, { recursive: true });
    for (const f of run.files) writeFileSync(join(folder, f.name), f.data);
    notes.push(`${name}: wrote ${run.what} to ${folder}`);
  }
  return notes;
}

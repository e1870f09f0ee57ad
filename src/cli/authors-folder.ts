// `npm run experiment -- --export-authors DIR`: each run's data in the authors' JSONL layout (tripost/authors-export.ts)
// written to a folder, the main run in DIR and each baseline in DIR/<method>/, for their PyTorch trainer (README:
// "Scaling out").
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TriPostDb } from '../store';
import { authorsExport } from '../tripost/authors-export';

/** Writes the folders; returns one line per run saying what was written, or why nothing was (ft-rationale has no iterations). */
export async function writeAuthorsFolders(db: TriPostDb, runIds: Record<string, number>, mainName: string, dir: string): Promise<string[]> {
  const notes: string[] = [];
  for (const [name, runId] of Object.entries(runIds)) {
    const folder = name === mainName ? dir : join(dir, name);
    let files;
    try {
      files = await authorsExport(db, runId);
    } catch (e) {
      notes.push(`${name}: nothing in the authors' format (${(e as Error).message})`);
      continue;
    }
    mkdirSync(folder, { recursive: true });
    for (const f of files) writeFileSync(join(folder, f.name), f.text);
    notes.push(`${name}: wrote ${files.length} files in the authors' format to ${folder}`);
  }
  return notes;
}

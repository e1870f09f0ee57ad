// `npm run experiment -- --export-authors DIR`: each run's data in the authors' JSONL layout (tripost/authors-export.ts)
// written to a folder, the main run in DIR and each baseline in DIR/<method>/, for their PyTorch trainer (README:
// "Scaling out").
import type { TriPostDb } from '../store';
import { authorsExport } from '../tripost/authors-export';
import { writeRunFolders } from './run-folders';

/** Writes the folders; returns one line per run saying what was written, or why nothing was (ft-rationale has no iterations). */
export function writeAuthorsFolders(db: TriPostDb, runIds: Record<string, number>, mainName: string, dir: string): Promise<string[]> {
  const filesOf = async (runId: number) => {
    const files = await authorsExport(db, runId);
    return { files: files.map((f) => ({ name: f.name, data: f.text })), what: `${files.length} files in the authors' format` };
  };
  return writeRunFolders(runIds, mainName, dir, filesOf, "nothing in the authors' format");
}

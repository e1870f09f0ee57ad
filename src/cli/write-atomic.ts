// A file rewritten while a long job runs: a kill mid-write leaves the previous version whole, never a torn one.
import { rename, writeFile } from 'node:fs/promises';

/** Writes `path.tmp`, then renames it over `path` (a rename within a folder replaces the file in one step). */
export async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await writeFile(`${path}.tmp`, data);
  await rename(`${path}.tmp`, path);
}

// The run bundles `npm run experiment` keeps on disk: FILE.zip for the main run and FILE.<method>.zip for each
// baseline, rewritten at every resume point so that `--resume FILE.zip` continues a killed experiment.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { bundleRun, exportRunBundle, type TriPostDb } from '../store';
import { withConfigDefaults, type RunConfig } from '../tripost/config';
import { writeAtomic } from './write-atomic';

/** The main run's bundle is `file`; a baseline's lies beside it as FILE.<method>.zip. */
export function bundlePath(file: string, run: string, mainRun: string): string {
  return run === mainRun ? file : `${file.replace(/\.zip$/i, '')}.${run}.zip`;
}

/** Rewrites the run's bundle atomically. */
export async function writeRunBundle(path: string, db: TriPostDb, runId: number): Promise<void> {
  await writeAtomic(path, await exportRunBundle(db, runId));
}

/** A bundle's bytes; null when there is no such file (that run starts afresh). */
export async function readRunBundle(path: string): Promise<Uint8Array | null> {
  return existsSync(path) ? new Uint8Array(await readFile(path)) : null;
}

/** The config of the run in a bundle, checked as an import checks it. */
export function bundleConfig(path: string): RunConfig {
  return withConfigDefaults(bundleRun(new Uint8Array(readFileSync(path))).config as unknown as RunConfig);
}

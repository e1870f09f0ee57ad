// The shipped warm starts on disk (public/checkpoints/), for Node entry points.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const CHECKPOINTS_DIR = fileURLToPath(new URL('../../public/checkpoints/', import.meta.url));

export async function readWarmStart(name: string): Promise<Uint8Array> {
  const path = `${CHECKPOINTS_DIR}${name}.safetensors`;
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new Error(`No warm start ${name} at ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); build it with npm run warmstart, or run without --warm-start`);
  }
}

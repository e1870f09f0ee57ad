// `npm run experiment -- --init-hf DIR`: a Hugging Face model folder (config.json, model.safetensors or a sharded
// index, tokenizer.json, tokenizer_config.json) checked when the flags are read, then imported into the experiment's
// store as the run's starting model through the engine's importer.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { importHfLlama, llamaConfig, type NamedBlob } from '../engine';
import type { TriPostDb } from '../store';
import { saveImportedCheckpoint } from '../tripost/imported-checkpoint';

const LAYOUT = 'a Hugging Face model folder holds config.json, model.safetensors (or model.safetensors.index.json and its shards) and tokenizer.json';

/** What is wrong with the folder, or null: it exists, holds the files, and its config.json is a Llama the engine runs. */
export function hfFolderProblem(dir: string): string | null {
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    return `no such folder (${LAYOUT})`;
  }
  if (!stat.isDirectory()) return `is a file, not a folder (${LAYOUT})`;
  const names = new Set(readdirSync(dir));
  if (!names.has('config.json')) return `config.json is missing (${LAYOUT})`;
  if (!names.has('model.safetensors') && !names.has('model.safetensors.index.json')) {
    return `neither model.safetensors nor model.safetensors.index.json is there (${LAYOUT}; .bin and .gguf weights are not read)`;
  }
  // A run from a pretrained model needs the model's own tokenizer: characters would mean nothing to it.
  if (!names.has('tokenizer.json')) return `tokenizer.json is missing (${LAYOUT})`;
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  } catch (e) {
    return `config.json is not valid JSON (${(e as Error).message})`;
  }
  try {
    llamaConfig(config);
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

/** The folder's regular files, read only when and as far as the importer asks (weights one tensor at a time). */
export function hfFolderFiles(dir: string): NamedBlob[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(dir, e.name);
      const size = statSync(path).size;
      return { name: e.name, size, arrayBuffer: () => readRange(path, 0, size), slice: (start, end) => ({ arrayBuffer: () => readRange(path, start, end) }) };
    });
}

/** Bytes [start, end) of a file (fewer at its end). */
async function readRange(path: string, start: number, end: number): Promise<ArrayBuffer> {
  const file = await open(path, 'r');
  try {
    const bytes = new Uint8Array(Math.max(0, end - start));
    let done = 0;
    while (done < bytes.length) {
      // One read returns at most ~2 GiB: an 8B model's f32 embedding takes several.
      const { bytesRead } = await file.read(bytes, done, bytes.length - done, start + done);
      if (bytesRead === 0) break; // the file ends
      done += bytesRead;
    }
    return done === bytes.length ? bytes.buffer : bytes.buffer.slice(0, done);
  } finally {
    await file.close();
  }
}

/** Imports the folder into the store; returns the checkpoint id for the run config's `initialCheckpoint`. */
export async function importHfFolder(db: TriPostDb, dir: string, contextLength: number): Promise<number> {
  const ck = await importHfLlama({ files: hfFolderFiles(dir) }, { maxSeqLen: contextLength });
  return saveImportedCheckpoint(db, ck, basename(dir.replace(/[\\/]+$/, '')));
}

// Importing a Hugging Face Llama checkpoint (config.json + safetensors (+ index) + tokenizer.json, from
// picked files or a URL): checked by the engine's importer, then kept in the store as a checkpoint
// with runId 0 ("belongs to no run") so the Demo page can offer it as a starting model.
import { importHfLlama, type HfSource } from '../../engine/import-hf';
import { deleteCheckpoint, listCheckpoints, type CheckpointRecord, type TriPostDb } from '../../store';
import { IMPORTED_RUN_ID, saveImportedCheckpoint } from '../../tripost/imported-checkpoint';
import { appDb } from '../app-db.svelte';
import { describeError, type ErrorText } from '../errors';
import { DEFAULT_LORA } from '../../engine/lora';
import { demoImportedShape, describeModel, memoryLines, shapeText, type MemoryLine } from '../model-memory';

/** Contexts of 8k+ tokens would size the KV cache and batches far beyond what the playground trains. */
const MAX_SEQ_LEN = 1024;

export class CheckpointImport {
  url = $state('');
  busy = $state(false);
  message = $state('');
  error = $state<ErrorText | null>(null);
  /** What a Demo run of the model just imported needs in each mode, and for which shapes. */
  memory = $state.raw<{ lines: MemoryLine[]; shape: string } | null>(null);
  imported = $state.raw<CheckpointRecord[]>([]);

  async refresh(db?: TriPostDb): Promise<void> {
    this.imported = await listCheckpoints(db ?? (await appDb.get()), IMPORTED_RUN_ID);
  }

  fromFiles(files: File[]): Promise<void> {
    const weights = files.find((f) => f.name.endsWith('.safetensors'));
    return this.#import({ files }, weights ? weights.name.replace(/\.safetensors$/, '') : 'picked files');
  }

  fromUrl(): Promise<void> {
    const url = this.url.trim();
    return this.#import({ url }, url.replace(/\/+$/, '').split('/').slice(-2).join('/'));
  }

  async remove(id: number): Promise<void> {
    try {
      const db = await appDb.get();
      await deleteCheckpoint(db, id);
      await this.refresh(db);
    } catch (e) {
      this.error = describeError(e);
    }
  }

  async #import(source: HfSource, label: string): Promise<void> {
    this.busy = true;
    this.error = null;
    this.message = '';
    this.memory = null;
    try {
      const ck = await importHfLlama(source, { maxSeqLen: MAX_SEQ_LEN });
      const db = await appDb.get();
      await saveImportedCheckpoint(db, ck, label);
      const c = ck.config;
      this.message = `Imported ${describeModel(label, c)}, ${c.nHeads} heads (${c.nKvHeads} KV), vocabulary ${c.vocabSize}${ck.tokenizer ? ', with its tokenizer' : ', no tokenizer.json (the character tokenizer will be used)'}. Choose it under Model on the Demo page.`;
      const shape = demoImportedShape();
      this.memory = { lines: memoryLines(c, shape, DEFAULT_LORA), shape: `a Demo run: ${shapeText(shape)}` };
      await this.refresh(db);
    } catch (e) {
      this.error = describeError(e);
    } finally {
      this.busy = false;
    }
  }
}

// Moving trajectories in and out: JSONL (good lines imported, bad ones reported by line), run bundles, and a run's
// data in the authors' JSONL layout (a zip of one file per iteration, for their PyTorch trainer).
import { strToU8, zipSync } from 'fflate';
import {
  createRun,
  exportRunBundle,
  exportTrajectoriesJsonl,
  importRunBundle,
  importTrajectoriesJsonl,
  parseTrajectoriesJsonl,
  type JsonlLineError,
  type TrajectoryFilter,
} from '../../store';
import { authorsExport } from '../../tripost/authors-export';
import { runPeftExport } from '../../tripost/peft-export';
import { appDb } from '../app-db.svelte';
import { download } from '../download';
import { describeError, type ErrorText } from '../errors';

export type TransferReport =
  | { kind: 'jsonl'; file: string; runId: number | null; imported: number; errors: JsonlLineError[] }
  | { kind: 'bundle'; file: string; runId: number; trajectories: number; checkpoints: number }
  | { kind: 'export'; file: string };

export class Transfer {
  /** What is running, for the busy indicator; "" when idle. */
  busy = $state('');
  report = $state<TransferReport | null>(null);
  error = $state<ErrorText | null>(null);

  async #run<T>(what: string, work: () => Promise<T>): Promise<T | null> {
    this.busy = what;
    this.error = null;
    this.report = null;
    try {
      return await work();
    } catch (e) {
      this.error = describeError(e);
      return null;
    } finally {
      this.busy = '';
    }
  }

  /** Imports a JSONL file as a new run; returns the run's id, or null when no line was good. */
  importJsonl(file: File): Promise<number | null> {
    return this.#run(`Importing ${file.name}…`, async () => {
      const text = await file.text();
      const parsed = parseTrajectoriesJsonl(text);
      if (parsed.valid.length === 0) {
        this.report = { kind: 'jsonl', file: file.name, runId: null, imported: 0, errors: parsed.errors };
        return null;
      }
      const db = await appDb.get();
      const runId = await createRun(db, `Imported ${file.name}`, { source: 'jsonl', file: file.name });
      const result = await importTrajectoriesJsonl(db, text, { runId });
      this.report = { kind: 'jsonl', file: file.name, runId, imported: result.ids.length, errors: result.errors };
      return runId;
    });
  }

  /** Imports a run bundle (.zip); returns the new run's id. */
  importBundle(file: File): Promise<number | null> {
    return this.#run(`Importing ${file.name}…`, async () => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await importRunBundle(await appDb.get(), bytes);
      this.report = { kind: 'bundle', file: file.name, ...result };
      return result.runId;
    });
  }

  async exportJsonl(filter: TrajectoryFilter): Promise<void> {
    await this.#run('Exporting trajectories…', async () => {
      const text = await exportTrajectoriesJsonl(await appDb.get(), filter);
      const file = filter.runId === undefined ? 'trajectories.jsonl' : `trajectories-run-${filter.runId}.jsonl`;
      this.#deliver(text, file, 'application/x-ndjson');
    });
  }

  /** The run's training sets, trajectories and problems as jasonyux/TriPosT's files, zipped (README: Scaling out). */
  async exportAuthors(runId: number): Promise<void> {
    await this.#run("Writing the authors' files…", async () => {
      const files = await authorsExport(await appDb.get(), runId);
      const bytes = zipSync(Object.fromEntries(files.map((f) => [f.name, strToU8(f.text)])));
      const file = `tripost-run-${runId}-authors-format.zip`;
      this.#deliver(bytes as Uint8Array<ArrayBuffer>, file, 'application/zip');
    });
  }

  /**
   * The run's LoRA adapters (its newest model) as a Hugging Face PEFT folder, zipped: unzipped, the folder loads with
   * PeftModel.from_pretrained(base, folder).
   */
  async exportPeft(runId: number): Promise<void> {
    await this.#run('Packing the LoRA adapters…', async () => {
      const { files, label } = await runPeftExport(await appDb.get(), runId);
      const folder = `tripost-run-${runId}-${label}-peft`;
      const bytes = zipSync(Object.fromEntries(files.map((f) => [`${folder}/${f.name}`, f.bytes])));
      const file = `${folder}.zip`;
      this.#deliver(bytes as Uint8Array<ArrayBuffer>, file, 'application/zip');
    });
  }

  async exportBundle(runId: number): Promise<void> {
    await this.#run('Packing the run bundle…', async () => {
      const bytes = await exportRunBundle(await appDb.get(), runId);
      const file = `tripost-run-${runId}.zip`;
      this.#deliver(bytes as Uint8Array<ArrayBuffer>, file, 'application/zip');
    });
  }

  /** Hands an export to the browser's download and says so on the page. */
  #deliver(data: Parameters<typeof download>[0], file: string, type: string): void {
    download(data, file, type);
    this.report = { kind: 'export', file };
  }
}

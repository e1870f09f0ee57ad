// The shipped warm starts' manifest, read once per page load; the Demo form describes the one a run would start from.
import type { Level, TaskId } from '../../tasks';
import { findWarmStart, type WarmStartEntry, type WarmStartManifest } from '../../tripost/warmstart-manifest';
import { fetchWarmStartManifest } from '../../worker/warm-start';

export class WarmStarts {
  manifest = $state.raw<WarmStartManifest | null>(null);
  loaded = $state(false);

  async load(): Promise<void> {
    if (this.loaded) return;
    this.manifest = await fetchWarmStartManifest();
    this.loaded = true;
  }

  /** The shipped warm start of a task and level; null when this build has none (or the manifest is unread). */
  entry(task: TaskId, level: Level): WarmStartEntry | null {
    return this.manifest ? findWarmStart(this.manifest, task, level) : null;
  }
}

export const warmStarts = new WarmStarts();

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** One sentence on how a warm start was made and what it scores, with the shortcut it must beat. */
export function describeWarmStart(e: WarmStartEntry): string {
  const minutes = Math.max(1, Math.round(e.wallSeconds / 60));
  return (
    `a ${e.preset} model with the ${e.tokenizer} tokenizer, fine-tuned on ${e.steps.toLocaleString('en')} × ${e.batchSize} gold rationales ` +
    `at the ${e.level} level (${minutes} min on ${e.backend === 'webgpu' ? 'WebGPU' : 'the CPU'}). It answers ${pct(e.seen.accuracy)} of ${e.evalProblems} held-out ` +
    `seen problems and ${pct(e.unseen.accuracy)} of unseen ones; always answering ${e.seen.majority.answer} would score ${pct(e.seen.majority.accuracy)}.`
  );
}

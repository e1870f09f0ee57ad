// The shipped warm starts' manifest, read once per page load; the Demo form describes the one a run would start from.
import type { Level, TaskId } from '../../tasks';
import { findWarmStart, type WarmStartEntry, type WarmStartManifest } from '../../tripost/warmstart-manifest';
import { readWarmStartManifest } from '../../worker/warm-start';

export class WarmStarts {
  manifest = $state.raw<WarmStartManifest | null>(null);
  loaded = $state(false);
  /** Why there is no manifest (none shipped, or it could not be read); null once one is read. */
  problem = $state<string | null>(null);
  #loading: Promise<void> | null = null;

  /** Reads the manifest once; callers that ask while it is being read wait for the same read. */
  load(): Promise<void> {
    this.#loading ??= readWarmStartManifest().then(({ manifest, problem }) => {
      this.manifest = manifest;
      this.problem = problem;
      this.loaded = true;
    });
    return this.#loading;
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
    `a ${e.preset} model with the ${e.tokenizer} tokenizer, fine-tuned on ${(e.ownFrom ?? e.steps).toLocaleString('en')} × ${e.batchSize} gold rationales ` +
    `at the ${e.level} level${e.feedbackFrom === undefined ? '' : ` (from step ${e.feedbackFrom.toLocaleString('en')} each followed by the critic's "correct" feedback, so it already ends its answers with feedback)`}` +
    (e.ownFrom === undefined
      ? ''
      : `, then ${(e.steps - e.ownFrom).toLocaleString('en')} steps in which ${pct(e.ownShare ?? 0)} of the rows were its own answers to fresh problems with the scripted critic's verdict, feedback and correction${e.ownBalanceFrom === undefined ? '' : ` (from step ${e.ownBalanceFrom.toLocaleString('en')} the "correct" verdict of only ${pct(e.ownKeepCorrect ?? 1)} of its right answers was trained, so it does not learn to call most answers correct because most are)`}: it has practised checking its own answers before the first iteration, which the paper's starting model has not`) +
    ` (${minutes} min on ${e.backend === 'webgpu' ? 'WebGPU' : 'the CPU'}). It answers ${pct(e.seen.accuracy)} of ${e.evalProblems} held-out ` +
    `seen problems and ${pct(e.unseen.accuracy)} of unseen ones; always answering ${e.seen.majority.answer} would score ${pct(e.seen.majority.accuracy)}.`
  );
}

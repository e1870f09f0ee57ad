// The inspector's list: row summaries fetched page by page (keyset paging) as the view scrolls
// towards them, so 100,000 matches cost only what has been looked at.
import type { Trajectory } from '../../store';
import { shownOutcome, type ShownOutcome } from '../outcome';

/** What a list row shows; the full trajectory is read only when a row is opened. */
export interface RowSummary {
  id: number;
  runId: number;
  iteration: number;
  task: Trajectory['task'];
  split: Trajectory['split'];
  outcome: Trajectory['outcome'];
  /** The outcome as the badge says it ("rewritten" for an improved trajectory whose model attempts were noise). */
  shown: ShownOutcome;
  critic: string;
  kept: boolean;
  dropReason?: string;
  question: string;
  rounds: number;
}

export interface PageSource {
  /** One page after the id `after` (undefined: from the start); `next` is null at the end. */
  page(after: number | undefined, limit: number): Promise<{ items: Trajectory[]; next: number | null }>;
  /** How many match, or null when only scanning everything could tell. */
  count(): Promise<number | null>;
}

const PAGE_SIZE = 500;
/** Long questions are cut for the row; the detail view shows them whole. */
const QUESTION_CHARS = 160;

export function summarize(t: Trajectory): RowSummary {
  const { id, runId, iteration, task, split, outcome, critic, kept, dropReason } = t;
  return { id, runId, iteration, task, split, outcome, shown: shownOutcome(t), critic, kept, dropReason, question: t.problem.question.slice(0, QUESTION_CHARS), rounds: t.turns.length };
}

export class TrajectoryList {
  rows = $state.raw<RowSummary[]>([]);
  /** Matches in all; null while counting or where the store cannot count. */
  total = $state<number | null>(null);
  done = $state(false);
  loading = $state(false);
  error = $state<unknown>(null);
  #source: PageSource | null = null;
  #after: number | undefined;
  #generation = 0;
  #wanted = 0;
  #loop: Promise<void> | null = null;

  /** Starts over with another source (new filters); answers for the old one are dropped. */
  reset(source: PageSource): void {
    const generation = ++this.#generation;
    this.#source = source;
    this.#after = undefined;
    this.#wanted = 0;
    this.rows = [];
    this.total = null;
    this.done = false;
    this.error = null;
    this.loading = false;
    this.#loop = null;
    source
      .count()
      .then((n) => generation === this.#generation && (this.total = n))
      .catch((e) => generation === this.#generation && (this.error = e));
    void this.ensure(1);
  }

  /** Loads pages until at least `n` rows are in (or nothing more matches). */
  ensure(n: number): Promise<void> {
    this.#wanted = Math.max(this.#wanted, n);
    // A running loop reads #wanted each page, so it covers this request too.
    if (this.#loop) return this.#loop;
    if (this.done || !this.#source) return Promise.resolve();
    const loop = this.#load(this.#source, this.#generation).finally(() => {
      if (this.#loop === loop) this.#loop = null;
    });
    this.#loop = loop;
    return loop;
  }

  async #load(source: PageSource, generation: number): Promise<void> {
    this.loading = true;
    try {
      while (this.rows.length < this.#wanted && !this.done && generation === this.#generation) {
        const page = await source.page(this.#after, PAGE_SIZE);
        if (generation !== this.#generation) return;
        this.rows = this.rows.concat(page.items.map(summarize));
        this.#after = page.next ?? undefined;
        this.done = page.next === null;
      }
    } catch (e) {
      if (generation === this.#generation) this.error = e;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Rows the scroll area should be tall enough for: every match when counted, else what is known plus one. */
  get extent(): number {
    if (this.total !== null) return Math.max(this.total, this.rows.length);
    return this.rows.length + (this.done ? 0 : 1);
  }
}

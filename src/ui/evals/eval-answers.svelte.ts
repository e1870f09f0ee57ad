// The evaluation-answers viewer's state: a run's evaluations read from the store, the one chosen (iteration and
// split), the filter and how many answers are listed. Until the user chooses, it follows the newest evaluation, so
// during a run the answers of each evaluation show as soon as it is stored.
import { listEvals, type EvalAnswer, type Split, type TriPostDb } from '../../store';
import { appDb } from '../app-db.svelte';
import { describeError, type ErrorText } from '../errors';
import { evalSets, filterCounts, matchesFilter, type AnswerFilter, type EvalSet } from './answers';

/** Answers listed at first, and added by each "Show more". */
export const ANSWERS_PAGE = 20;

export class EvalAnswersView {
  sets = $state.raw<EvalSet[]>([]);
  /** The chosen evaluation, `${iteration}:${split}`; null: none stored yet. */
  chosen = $state<string | null>(null);
  filter = $state<AnswerFilter>('all');
  limit = $state(ANSWERS_PAGE);
  loaded = $state(false);
  error = $state<ErrorText | null>(null);
  /** Whether the user chose an evaluation; until then the newest is shown. */
  #picked = false;
  #runId: number | null = null;
  readonly #db: () => Promise<TriPostDb>;

  constructor(db: () => Promise<TriPostDb> = () => appDb.get()) {
    this.#db = db;
  }

  readonly current: EvalSet | null = $derived(this.sets.find((s) => key(s) === this.chosen) ?? null);
  readonly iterations: number[] = $derived([...new Set(this.sets.map((s) => s.iteration))]);
  readonly counts = $derived(filterCounts(this.current?.answers ?? []));
  readonly matching: EvalAnswer[] = $derived((this.current?.answers ?? []).filter((a) => matchesFilter(a, this.filter)));
  readonly shown: EvalAnswer[] = $derived(this.matching.slice(0, this.limit));

  /** The splits evaluated at an iteration. */
  splitsOf(iteration: number): Split[] {
    return this.sets.filter((s) => s.iteration === iteration).map((s) => s.split);
  }

  /** Reads a run's evaluations; a later call for another run wins over a slower earlier one. */
  async load(runId: number): Promise<void> {
    if (runId !== this.#runId) {
      this.#runId = runId;
      this.#picked = false;
      this.filter = 'all';
      this.limit = ANSWERS_PAGE;
    }
    try {
      const sets = evalSets(await listEvals(await this.#db(), runId));
      if (this.#runId !== runId) return;
      this.sets = sets;
      this.error = null;
      const kept = this.#picked && sets.some((s) => key(s) === this.chosen);
      if (!kept) this.chosen = newest(sets);
    } catch (e) {
      if (this.#runId === runId) this.error = describeError(e);
    } finally {
      if (this.#runId === runId) this.loaded = true;
    }
  }

  /** The user picks an evaluation: an iteration, and a split (kept where that iteration has it). */
  choose(iteration: number, split: Split | null = null): void {
    const splits = this.splitsOf(iteration);
    const wanted = split ?? this.current?.split ?? 'seen';
    const chosen = splits.includes(wanted) ? wanted : splits[0];
    if (chosen === undefined) return;
    this.#picked = true;
    this.chosen = `${iteration}:${chosen}`;
    this.limit = ANSWERS_PAGE;
  }

  setFilter(filter: AnswerFilter): void {
    this.filter = filter;
    this.limit = ANSWERS_PAGE;
  }

  showMore(): void {
    this.limit += ANSWERS_PAGE;
  }
}

const key = (s: Pick<EvalSet, 'iteration' | 'split'>) => `${s.iteration}:${s.split}`;

/** The evaluation stored last (of the highest iteration when two were stored at once). */
function newest(sets: readonly EvalSet[]): string | null {
  let best: EvalSet | null = null;
  for (const s of sets) if (!best || s.createdAt > best.createdAt || (s.createdAt === best.createdAt && s.iteration > best.iteration)) best = s;
  return best ? key(best) : null;
}

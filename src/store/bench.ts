// Store benchmark for `npm run bench` (fake-indexeddb in Node) and the browser tier (Chromium):
// append 10,000 trajectories, then page through 100,000 with two filters.
import { openDb, type TriPostDb } from './db';
import { createRun } from './runs';
import { OUTCOMES, SPLITS, TASK_IDS, type NewTrajectory } from './schema';
import { appendTrajectories, pageTrajectories, type TrajectoryFilter } from './trajectories';

export interface BenchStoreOptions {
  /** IndexedDB to measure; defaults to the page's own, or fake-indexeddb where there is none (Node). */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** Trajectories in the store when paging is measured; default 100,000. */
  total?: number;
  /** Trajectories appended in the timed part, in batches of `appendBatch` (default 10,000 by 100). */
  append?: number;
  appendBatch?: number;
  /** Pages timed at evenly spaced depths, and their size; default 20 pages of 50. */
  pages?: number;
  pageSize?: number;
}

export interface BenchStoreResult {
  engine: 'chromium' | 'fake-indexeddb';
  /** Wall time to append `append` trajectories in pipeline-sized batches. */
  append_10k_ms: number;
  /** Median time of one filtered page over `total` trajectories (the median: one scheduler stall on a shared machine is not the store's cost). */
  page_100k_ms: number;
  /** The same for the drop-reason filter, which matches one trajectory in 21. */
  page_drop_reason_100k_ms: number;
}

/** The filter the paging benchmark uses: index-covered outcome plus a residual split check. */
export const BENCH_FILTER: Omit<TrajectoryFilter, 'runId'> = { outcome: 'improved', split: 'unseen' };
/** The drop-reason filter the benchmark pages with, as the Trajectories page sends it. */
export const BENCH_DROP_FILTER: Omit<TrajectoryFilter, 'runId'> = { dropReason: 'illegal-improvement' };

/** Why every seventh synthetic trajectory is dropped, in the pipeline's wordings. */
const DROP_REASONS = [
  (i: number) => `illegal-improvement: step (${1 + (i % 2)}) was not copied verbatim`,
  (i: number) => `bad improvement in round ${1 + (i % 5)}: the new error is not later than the last one; truncated to the first attempt and feedback`,
  () => 'still wrong after 5 improvement rounds',
];

const STEP = 'This equation can be written as "(A * B)", where A = (-9 + -6 + 8 * 1) and B = (-9 - -1 * -6 - 6).';

/** A realistic-size trajectory (about 1 KB) whose filter fields cycle with `i`. */
export function syntheticTrajectory(runId: number, i: number): NewTrajectory {
  const question = `((${i % 97} + -6 + 8 * 1) * (-9 - -1 * -6 - ${i % 13})) =`;
  const attempt = `Let's think step by step.\n(1) ${STEP}\n(2) ${STEP}\n(Final response) So the answer is ${i}.`;
  return {
    runId,
    iteration: 1 + (i % 3),
    task: TASK_IDS[i % TASK_IDS.length],
    split: SPLITS[(i >> 2) % SPLITS.length],
    problem: { id: `p${i}`, question, answer: String(i) },
    turns: [
      { attempt, feedback: 'Step (1) is correct. In step (2) the part " (-15 + 8) = -6 " is incorrect.', feedbackKind: 'error', errorStep: '(2)', segment: '(-15 + 8) = -6' },
      { attempt, feedback: 'Step (1) to step (2) are correct. The final response is also correct.', feedbackKind: 'correct' },
    ],
    outcome: OUTCOMES[(i >> 3) % OUTCOMES.length],
    critic: i % 5 === 0 ? 'gpt-4o-mini' : 'script',
    kept: i % 7 !== 0,
    ...(i % 7 === 0 && { dropReason: DROP_REASONS[(i / 7) % DROP_REASONS.length](i) }),
  };
}

/** Median time of keyset pages at evenly spaced depths (the first page, and pages deep into the store), in ms to 0.1. */
async function medianPageMs(db: TriPostDb, filter: TrajectoryFilter, at: { firstId: number; total: number; pages: number; pageSize: number }): Promise<number> {
  const pageTimes: number[] = [];
  for (let p = 0; p < at.pages; p++) {
    const after = p === 0 ? undefined : at.firstId + Math.floor((p / at.pages) * at.total);
    const start = performance.now();
    const page = await pageTrajectories(db, filter, { after, limit: at.pageSize });
    pageTimes.push(performance.now() - start);
    if (page.items.length === 0) throw new Error(`Bench page at depth ${p}/${at.pages} came back empty`);
  }
  pageTimes.sort((a, b) => a - b);
  return Math.round(pageTimes[Math.floor(pageTimes.length / 2)] * 10) / 10;
}

async function resolveIndexedDB(options: BenchStoreOptions): Promise<{ factory: IDBFactory; keyRange: typeof IDBKeyRange; engine: BenchStoreResult['engine'] }> {
  if (options.indexedDB) {
    return { factory: options.indexedDB, keyRange: options.IDBKeyRange ?? IDBKeyRange, engine: 'fake-indexeddb' };
  }
  if (typeof window !== 'undefined' && typeof indexedDB !== 'undefined' && /Chrome\//.test(navigator.userAgent)) {
    return { factory: indexedDB, keyRange: IDBKeyRange, engine: 'chromium' };
  }
  const fake = await import('fake-indexeddb');
  return { factory: new fake.IDBFactory(), keyRange: fake.IDBKeyRange, engine: 'fake-indexeddb' };
}

/** Runs the store benchmark on a fresh database and deletes it afterwards. */
export async function benchStore(options: BenchStoreOptions = {}): Promise<BenchStoreResult> {
  const total = options.total ?? 100_000;
  const append = options.append ?? 10_000;
  const appendBatch = options.appendBatch ?? 100;
  const pages = options.pages ?? 20;
  const pageSize = options.pageSize ?? 50;
  const { factory, keyRange, engine } = await resolveIndexedDB(options);
  const db = await openDb({ name: `tripost-bench-${Date.now()}`, indexedDB: factory, IDBKeyRange: keyRange });
  try {
    const runId = await createRun(db, 'bench', {});
    const appendStart = performance.now();
    for (let i = 0; i < append; i += appendBatch) {
      const batch = Array.from({ length: Math.min(appendBatch, append - i) }, (_, k) => syntheticTrajectory(runId, i + k));
      await appendTrajectories(db, batch);
    }
    const append_10k_ms = performance.now() - appendStart;

    const fillBatch = 5_000;
    for (let i = append; i < total; i += fillBatch) {
      await appendTrajectories(db, Array.from({ length: Math.min(fillBatch, total - i) }, (_, k) => syntheticTrajectory(runId, i + k)));
    }

    const firstId = (await db.trajectories.orderBy(':id').first())?.id ?? 0;
    const medianPage = (filter: TrajectoryFilter) => medianPageMs(db, filter, { firstId, total, pages, pageSize });
    return {
      engine,
      append_10k_ms: Math.round(append_10k_ms),
      page_100k_ms: await medianPage({ runId, ...BENCH_FILTER }),
      page_drop_reason_100k_ms: await medianPage({ runId, ...BENCH_DROP_FILTER }),
    };
  } finally {
    await db.delete();
  }
}

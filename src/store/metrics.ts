// Metric curves (loss, learning rate, ...): appended in batches with relaxed durability, since
// losing the last second of a curve on a crash costs nothing.
import { Dexie } from 'dexie';
import type { TriPostDb } from './db';
import { guardWrite } from './health';
import type { MetricPoint, New } from './schema';

/** Appends points in one transaction. */
export async function appendMetrics(db: TriPostDb, points: readonly New<MetricPoint>[]): Promise<void> {
  await guardWrite(() => db.transaction('rw', db.metrics, () => db.metrics.bulkAdd(points as MetricPoint[])));
}

/** One series of a run, by step. */
export async function getMetricSeries(db: TriPostDb, runId: number, series: string): Promise<MetricPoint[]> {
  return db.metrics.where('[runId+series+step]').between([runId, series, -Infinity], [runId, series, Infinity]).toArray();
}

/** All points of a run, grouped by series then step. */
export async function listMetrics(db: TriPostDb, runId: number): Promise<MetricPoint[]> {
  return db.metrics.where('[runId+series+step]').between([runId, Dexie.minKey], [runId, Dexie.maxKey]).toArray();
}

/** Deletes one iteration's points of a series after `step`: a training stage resumed at an earlier checkpoint redoes them. */
export async function deleteMetricsAfter(db: TriPostDb, runId: number, iteration: number, series: string, step: number): Promise<void> {
  await guardWrite(() =>
    db.transaction('rw', db.metrics, () =>
      db.metrics
        .where('[runId+series+step]')
        .between([runId, series, step], [runId, series, Infinity], false, true)
        .filter((m) => m.iteration === iteration)
        .delete(),
    ),
  );
}

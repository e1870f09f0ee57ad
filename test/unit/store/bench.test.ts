import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { benchStore, BENCH_FILTER, syntheticTrajectory } from '../../../src/store/bench';

describe('store benchmark', () => {
  it('reports the figures npm run bench expects and leaves no database behind', async () => {
    const indexedDB = new IDBFactory();
    const result = await benchStore({ indexedDB, IDBKeyRange, total: 3000, append: 500, pages: 5 });
    expect(Object.keys(result).sort()).toEqual(['append_10k_ms', 'engine', 'page_100k_ms', 'page_drop_reason_100k_ms']);
    expect(result.engine).toBe('fake-indexeddb');
    expect(result.append_10k_ms).toBeGreaterThan(0);
    expect(result.page_100k_ms).toBeGreaterThan(0);
    expect(result.page_drop_reason_100k_ms).toBeGreaterThan(0);
    expect(await indexedDB.databases()).toEqual([]);
  });

  it('its synthetic data exercises the benchmark filter at every depth', () => {
    const matching = Array.from({ length: 64 }, (_, i) => syntheticTrajectory(1, i)).filter(
      (t) => t.outcome === BENCH_FILTER.outcome && t.split === BENCH_FILTER.split,
    );
    expect(matching.length).toBe(8);
  });
});

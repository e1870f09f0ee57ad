// Progress that tells the truth: a smoothed rate, no ETA until it can be trusted, resumed items not counted as speed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressMeter, type StageContext } from '../../../src/tripost/context';
import type { PipelineEvent } from '../../../src/tripost/events';
import { freshDb } from '../store/fresh-db';
import { createRun } from '../../../src/store';

afterEach(() => vi.useRealTimers());

async function meterWith(total: number, base = 0) {
  const db = await freshDb();
  const runId = await createRun(db, 'r', {} as never);
  const events: Extract<PipelineEvent, { type: 'progress' }>[] = [];
  const ctx = { runId, deps: { db, events: (e: PipelineEvent) => e.type === 'progress' && events.push(e) } } as unknown as StageContext;
  return { meter: new ProgressMeter(ctx, 1, 'evaluate', total, base), events };
}

describe('ProgressMeter', () => {
  it('estimates until 3 s and 2 items have passed, then smooths the rate; 0 left means ETA 0', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { meter, events } = await meterWith(100);
    await meter.report(0);
    vi.advanceTimersByTime(1000);
    await meter.report(1); // 1 s, 1 item: too early
    expect(events.at(-1)).toMatchObject({ done: 1, itemsPerSecond: 0, etaSeconds: null });
    vi.advanceTimersByTime(3000);
    await meter.report(10); // 4 s, 10 items: 2.5 items/s overall
    expect(events.at(-1)!.itemsPerSecond).toBeCloseTo(2.5, 6);
    expect(events.at(-1)!.etaSeconds).toBeCloseTo(90 / 2.5, 6);
    vi.advanceTimersByTime(1000);
    await meter.report(20); // the last second ran at 10/s: the rate moves 30% of the way
    expect(events.at(-1)!.itemsPerSecond).toBeCloseTo(0.3 * 10 + 0.7 * 2.5, 6);
    vi.advanceTimersByTime(1000);
    await meter.report(100);
    expect(events.at(-1)).toMatchObject({ done: 100, etaSeconds: 0 });
  });

  it('takes items finishing in one burst (a generation batch) as one sample, not as thousands of items a second', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { meter, events } = await meterWith(200);
    await meter.report(0);
    vi.advanceTimersByTime(10_000);
    for (let d = 1; d <= 50; d++) await meter.report(d); // the first batch of 50 lands at 10 s
    expect(events.at(-1)!.itemsPerSecond).toBeGreaterThan(0);
    expect(events.at(-1)!.itemsPerSecond).toBeLessThanOrEqual(5); // at most 50 in 10 s
    vi.advanceTimersByTime(10_000);
    for (let d = 51; d <= 100; d++) await meter.report(d); // the next 50, 10 s later
    const rate = events.at(-1)!.itemsPerSecond;
    expect(rate).toBeGreaterThan(1);
    expect(rate).toBeLessThan(10);
  });

  it('counts a resumed stage\'s items in done but not in the rate', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { meter, events } = await meterWith(100, 60);
    await meter.report(60);
    expect(events.at(-1)).toMatchObject({ done: 60, etaSeconds: null });
    vi.advanceTimersByTime(4000);
    await meter.report(64);
    expect(events.at(-1)!.itemsPerSecond).toBeCloseTo(1, 6); // 4 items in 4 s, not 64
    expect(events.at(-1)!.etaSeconds).toBeCloseTo(36, 6);
  });
});

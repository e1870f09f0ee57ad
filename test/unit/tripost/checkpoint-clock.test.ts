// When training checkpoints come: every 10 s at most, and 20 times as far apart as the last one took to write.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CheckpointClock, CHECKPOINT_SHARE, MIN_CHECKPOINT_MS } from '../../../src/tripost/checkpoint-clock';

afterEach(() => vi.useRealTimers());

describe('CheckpointClock', () => {
  it('is due after MIN_CHECKPOINT_MS, then after 1 / CHECKPOINT_SHARE times the last write', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const clock = new CheckpointClock();
    vi.advanceTimersByTime(MIN_CHECKPOINT_MS - 1);
    expect(clock.due(7)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(clock.due(8)).toBe(true);
    await clock.take(async () => void vi.advanceTimersByTime(2000)); // a 2 s write: the next waits 40 s
    vi.advanceTimersByTime(2000 / CHECKPOINT_SHARE - 1);
    expect(clock.due(9)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(clock.due(10)).toBe(true);
  });

  it('counts steps instead when given a step interval', () => {
    const clock = new CheckpointClock(3);
    expect([1, 2, 3, 4, 5, 6].map((s) => clock.due(s))).toEqual([false, false, true, false, false, true]);
  });
});

// Paging stays interactive at 100,000 trajectories on Chromium's real IndexedDB.
import { describe, expect, it } from 'vitest';
import { benchStore } from '../../../src/store/bench';

describe('trajectory paging in Chromium', () => {
  it('appends 10,000 and pages with a filter and with a drop reason through 100,000, a page (median) under 100 ms', async () => {
    const result = await benchStore();
    console.log(`store bench (chromium): ${JSON.stringify(result)}`);
    expect(result.engine).toBe('chromium');
    expect(result.page_100k_ms).toBeLessThan(100);
    expect(result.page_drop_reason_100k_ms).toBeLessThan(100);
  }, 300_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import Harness from './VirtualListHarness.svelte';
import { TrajectoryList, type PageSource } from '../../../src/ui/trajectories/list.svelte';
import { improvedTrajectory } from '../../helpers/ui-fixtures';
import type { Trajectory } from '../../../src/store';

const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r(null)));

/** `n` trajectories with ids 1..n, paged by id like the store. */
function fakeSource(n: number, delayMs = 0): PageSource & { calls: number } {
  const source = {
    calls: 0,
    page: async (after: number | undefined, limit: number) => {
      source.calls++;
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      const from = (after ?? 0) + 1;
      const to = Math.min(n, from + limit - 1);
      const items = Array.from({ length: Math.max(0, to - from + 1) }, (_, k) => ({ ...improvedTrajectory(from + k), id: from + k, createdAt: 0 }) as Trajectory);
      return { items, next: to < n ? to : null };
    },
    count: async () => n,
  };
  return source;
}

describe('virtualised list', () => {
  let app: Record<string, unknown> | undefined;
  afterEach(() => {
    if (app) unmount(app);
    app = undefined;
    document.body.innerHTML = '';
  });

  it('keeps only the rows in view in the DOM at 100,000 rows, and follows scrolling and keys', async () => {
    const ends: number[] = [];
    app = mount(Harness, { target: document.body, props: { count: 100_000, onrange: (end: number) => ends.push(end) } });
    flushSync();
    await nextFrame();
    const listbox = document.querySelector<HTMLElement>('[role=listbox]')!;
    expect(listbox.querySelectorAll('[role=option]').length).toBeLessThan(40);
    expect(listbox.scrollHeight).toBe(4_000_000);

    listbox.scrollTop = 40 * 99_990;
    listbox.dispatchEvent(new Event('scroll'));
    flushSync();
    const shown = [...listbox.querySelectorAll('[role=option]')].map((o) => o.textContent);
    expect(shown).toContain('row 99999');
    expect(shown.length).toBeLessThan(40);
    expect(ends.at(-1)).toBe(100_000);

    listbox.focus();
    listbox.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    flushSync();
    expect(document.querySelector('[data-testid=selected]')!.textContent).toBe('0');
    listbox.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    flushSync();
    expect(document.querySelector('[data-testid=selected]')!.textContent).toBe('1');
    expect(listbox.getAttribute('aria-activedescendant')).toMatch(/-1$/);
  });

  it('loads pages only up to what is asked for, and drops answers for an older filter', async () => {
    const list = new TrajectoryList();
    const big = fakeSource(100_000);
    list.reset(big);
    await list.ensure(1200);
    expect(list.rows.length).toBe(1500);
    expect(list.total).toBe(100_000);
    expect(list.rows[1499].id).toBe(1500);

    const slow = fakeSource(100_000, 50);
    list.reset(slow);
    const pending = list.ensure(600);
    list.reset(fakeSource(3));
    await pending;
    await list.ensure(10);
    expect(list.rows.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(list.done).toBe(true);
    expect(list.extent).toBe(3);
  });
});

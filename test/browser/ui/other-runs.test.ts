// The Demo page's list of unfinished runs: a failed run shows its error's title and words, an old record its words;
// runs ticked there open on the Compare page.
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import OtherRuns from '../../../src/ui/demo/OtherRuns.svelte';
import type { RunRecord } from '../../../src/store';

const run = (id: number, extra: Partial<RunRecord>): RunRecord => ({
  id, name: `run ${id}`, config: {}, status: 'failed', lastCompleted: { iteration: 1, stage: 'edit' }, current: null, createdAt: 0, updatedAt: 0, ...extra,
});

describe('unfinished runs', () => {
  let component: ReturnType<typeof mount> | undefined;
  afterEach(() => {
    if (component) unmount(component);
    component = undefined;
    document.body.innerHTML = '';
  });

  it('names a failed run by its error title, keeps the words of an old string-valued error, and says how others stopped', () => {
    const opened: number[] = [];
    const runs = [
      run(1, { error: { name: 'StorageFull', message: 'IndexedDB refused a write: <b>quota</b> used up.', stage: { iteration: 1, stage: 'edit' }, resumable: true } }),
      run(2, { error: 'the old words' }),
      run(3, { status: 'paused', lastCompleted: null }),
    ];
    component = mount(OtherRuns, { target: document.body, props: { runs, onopen: (r: RunRecord) => opened.push(r.id) } });
    const items = [...document.querySelectorAll('li')];
    expect(items).toHaveLength(3);
    const failure = (li: Element) => li.querySelector('.failure')?.textContent;
    expect(failure(items[0])).toBe('Storage is full: IndexedDB refused a write: <b>quota</b> used up.'); // rendered as text, never HTML
    expect(items[0].querySelector('.failure b')).toBeNull();
    expect(failure(items[1])).toBe('The run stopped with an error: the old words');
    expect(failure(items[2])).toBeUndefined();
    expect(items[2].textContent).toContain('stopped before its first stage ended');
    items[1].querySelector('button')!.click();
    expect(opened).toEqual([2]);
  });

  it('lists imported runs apart, with the status they had where they were exported, not as interrupted here', () => {
    const runs = [
      run(4, { name: 'Demo: tripost (imported)', status: 'paused', imported: { at: 1, status: 'running' } }),
      run(5, { status: 'paused' }),
    ];
    component = mount(OtherRuns, { target: document.body, props: { runs, onopen: () => undefined } });
    const [unfinished, imported] = [...document.querySelectorAll('section')];
    expect(unfinished.querySelector('h3')!.textContent).toBe('Unfinished runs');
    expect(unfinished.querySelectorAll('li')).toHaveLength(1);
    expect(unfinished.textContent).toContain('#5 run 5');
    expect(imported.querySelector('h3')!.textContent).toBe('Imported runs');
    const li = imported.querySelector('li')!;
    expect(li.textContent).toContain('#4 Demo: tripost (imported)');
    expect(li.textContent).toContain('imported · was running when exported, after edit (iteration 1)');
    expect(li.textContent).not.toContain('interrupted');
  });

  it('opens the runs ticked on the Compare page, in the order ticked', () => {
    const before = location.hash;
    const runs = [run(6, { status: 'paused' }), run(7, { status: 'paused' }), run(8, { status: 'paused', imported: { at: 1, status: 'done' } })];
    component = mount(OtherRuns, { target: document.body, props: { runs, onopen: () => undefined } });
    const compare = [...document.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Compare selected'))!;
    expect(compare.disabled).toBe(true);
    const box = (id: number) => document.querySelector<HTMLInputElement>(`input[aria-label="Compare #${id}"]`)!;
    box(8).click();
    box(6).click();
    flushSync();
    expect(compare.textContent).toBe('Compare selected (2)');
    compare.click();
    expect(location.hash).toBe('#/compare?runs=8,6');
    history.replaceState(null, '', before || location.pathname);
  });
});

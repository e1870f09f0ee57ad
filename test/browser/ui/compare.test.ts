// The Compare page on the app's real IndexedDB: two stored runs with different settings, loss curves and evaluations
// side by side (the differing settings marked, one series per run on every chart, the numbers in the table), a linked
// run that is gone said and dropped, an unfinished run labelled, the picker, and the page with too few runs stored.
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import ComparePage from '../../../src/ui/compare/ComparePage.svelte';
import { appDb } from '../../../src/ui/app-db.svelte';
import { router } from '../../../src/ui/router.svelte';
import { appendMetrics, createRun, saveEvals, updateRun, type JsonObject, type TriPostDb } from '../../../src/store';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/tripost/config';

const INJECTED = 'ws <img src=x onerror="window.injected=1"><b>bold</b>';
const A_CONFIG = { ...DEFAULT_CONFIG, task: 'msa', level: 'quick', iterations: 2, w: 1.5 } as RunConfig;
const B_CONFIG = { ...DEFAULT_CONFIG, task: 'ws', level: 'quick', iterations: 1, w: 2 } as RunConfig;

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  document.body.innerHTML = '';
});

/** An empty store and the Compare page at `hash`, as a link opens it. */
async function openCompare(hash: string): Promise<void> {
  await appDb.clearAll();
  cleanup.push(() => appDb.clearAll());
  history.replaceState(null, '', hash);
  cleanup.push(router.start());
}

function mountPage(): void {
  const page = mount(ComparePage, { target: document.body });
  cleanup.push(() => unmount(page));
}

const m = (accuracy: number, siFreq = 0, siContrib = 0) => ({ accuracy, siFreq, siContrib, n: 8 });

/** A run as the pipeline leaves it: its record, loss points per stage, and evaluations. */
async function storeRun(db: TriPostDb, name: string, config: RunConfig, loss: { iteration: number; series: string; values: number[] }[], evals: [number, 'seen' | 'unseen', ReturnType<typeof m>][]): Promise<number> {
  const runId = await createRun(db, name, config as unknown as JsonObject);
  await appendMetrics(db, loss.flatMap((l) => l.values.map((value, step) => ({ runId, iteration: l.iteration, series: l.series, step, value }))));
  await saveEvals(db, evals.map(([iteration, split, metrics]) => ({ runId, iteration, model: iteration ? `tripost-${iteration}` : 'ft-rationale', task: config.task, split, ...metrics, createdAt: iteration })));
  return runId;
}

async function twoRuns(): Promise<[number, number]> {
  const db = await appDb.get();
  const a = await storeRun(db, 'arithmetic', A_CONFIG, [
    { iteration: 0, series: 'finetune/loss', values: [4, 3.5, 3, 2.5] },
    { iteration: 1, series: 'train/loss', values: [2.4, 2.2, 2] },
    { iteration: 2, series: 'train/loss', values: [1.9, 1.8, 1.7] },
  ], [[0, 'seen', m(0.25)], [0, 'unseen', m(0.125)], [1, 'seen', m(0.5, 0.25, 0.5)], [1, 'unseen', m(0.25)], [2, 'seen', m(0.625, 0.375, 0.125)]]);
  await updateRun(db, a, { status: 'done', lastCompleted: { iteration: 2, stage: 'evaluate' } });
  const b = await storeRun(db, INJECTED, B_CONFIG, [{ iteration: 1, series: 'train/loss', values: [3, 2, 1.5, 1.2, 1.1, 1] }], [[0, 'seen', m(0.375)], [1, 'seen', m(0.75, 0.125, 0)]]);
  await updateRun(db, b, { status: 'paused', lastCompleted: { iteration: 1, stage: 'postprocess' } });
  return [a, b];
}

const q = <E extends Element = HTMLElement>(sel: string, root: ParentNode = document) => root.querySelector<E>(sel);
const words = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();
/** A chart's series as its legend names them (a legend that is not live has no row for the x axis). */
const legend = (testid: string) => [...document.querySelectorAll(`[data-testid=${testid}] .u-legend .u-series .u-label`)].map((el) => el.textContent);
/** A number of the table, by the run's place in the comparison (0, 1…), the iteration and the metric. */
const cell = (run: number, iteration: number, metric: string) => words(q(`[data-testid=compare-metric-table] tr[data-run="${run}"][data-iteration="${iteration}"] td[data-metric=${metric}]`));

describe('Compare page', () => {
  it('puts two runs side by side: differing settings marked, one series per run, the numbers; a gone run dropped', async () => {
    await openCompare('#/compare');
    const [a, b] = await twoRuns();
    const labelA = `#${a} arithmetic`;
    const labelB = `#${b} ${INJECTED}`;
    router.update({ runs: `${a},${b},999` });
    mountPage();
    await expect.poll(() => document.querySelectorAll('[data-testid=compared-runs] li').length).toBe(2);

    // The run no longer stored: said, and taken out of the link.
    expect(words(q('[data-testid=dropped-runs]'))).toContain('Run #999 is not stored in this browser');
    await expect.poll(() => router.param('runs')).toBe(`${a},${b}`);

    // The runs, in the link's order; the unfinished one labelled; the name shown as text, never as HTML.
    const items = [...document.querySelectorAll('[data-testid=compared-runs] li')];
    expect(words(items[0].querySelector('.label'))).toBe(labelA);
    expect(items[0].querySelector('.badge')).toBeNull();
    expect(items[1].querySelector('.label')!.textContent).toBe(labelB);
    expect(words(items[1].querySelector('.badge'))).toMatch(/^unfinished: stopped, at the start of /);
    expect(document.querySelector('main img, body img, b')).toBeNull();
    expect((window as unknown as { injected?: number }).injected).toBeUndefined();
    expect(words(q('[data-testid=mixed-tasks]'))).toContain('different tasks (msa, ws)');

    // Settings: the rows that differ are marked, the others not; "only settings that differ" keeps just those.
    const rows = () => [...document.querySelectorAll<HTMLTableRowElement>('[data-testid=config-table] tbody tr')];
    const marked = () => rows().filter((r) => r.dataset.differs === 'true').map((r) => r.dataset.key);
    expect(marked()).toEqual(['task', 'iterations', 'w']);
    const task = rows().find((r) => r.dataset.key === 'task')!;
    expect(task.classList.contains('differs')).toBe(true);
    expect([...task.querySelectorAll('td')].map((td) => words(td))).toEqual(['≠differs', 'msa', 'ws']);
    const seed = rows().find((r) => r.dataset.key === 'seed')!;
    expect(seed.dataset.differs).toBe('false');
    expect(words(seed.querySelector('.mark'))).toBe('');
    expect(words(q('[data-testid=config-summary]'))).toBe(`3 of ${Object.keys(DEFAULT_CONFIG).length} settings differ, marked ≠.`);
    [...document.querySelectorAll('label')].find((l) => l.textContent?.includes('Only settings that differ'))!.click();
    flushSync();
    expect(rows().map((r) => r.dataset.key)).toEqual(['task', 'iterations', 'w']);

    // Charts: one series per run on each, named as the runs are; loss with each stage starting at the same step
    // (fine-tune 4 steps, t=1 as wide as B's 6, t=2 3), or over the longer run's own steps.
    for (const chart of ['compare-loss-chart', 'compare-accuracy-chart', 'compare-sifreq-chart', 'compare-sicontrib-chart']) {
      await expect.poll(() => legend(chart), { message: chart }).toEqual([labelA, labelB]);
    }
    expect(q('[data-testid=compare-loss-chart]')!.dataset.points).toBe('13');
    expect(q('[data-testid=compare-loss-chart]')!.dataset.marks).toBe('1:fine-tune 5:t=1 11:t=2');
    q<HTMLInputElement>('[data-testid=compare-align-stages]')!.click();
    flushSync();
    expect(q('[data-testid=compare-loss-chart]')!.dataset.points).toBe('10');
    expect(q('[data-testid=compare-loss-chart]')!.dataset.marks).toBe('');
    expect(q('[data-testid=compare-accuracy-chart]')!.dataset.points).toBe('3');
    [...document.querySelectorAll('button')].find((el) => el.textContent === 'Unseen')!.click();
    flushSync();
    expect(q('[data-testid=compare-metric-charts]')!.dataset.split).toBe('unseen');
    expect(words(q('[data-testid=compare-accuracy-chart] figcaption'))).toBe('Accuracy (unseen)');
    expect(legend('compare-accuracy-chart')).toEqual([labelA, labelB]);

    // The numbers, in percent, each run's models 0..t; – where not measured.
    const tableRows = document.querySelectorAll('[data-testid=compare-metric-table] tbody tr');
    expect([...tableRows].map((r) => `${(r as HTMLElement).dataset.run}:${(r as HTMLElement).dataset.iteration}`)).toEqual(['0:0', '0:1', '0:2', '1:0', '1:1']);
    expect(words(tableRows[3].querySelector('th'))).toBe(labelB);
    expect(cell(0, 0, 'seen-accuracy')).toBe('25.0');
    expect(cell(0, 0, 'unseen-accuracy')).toBe('12.5');
    expect(cell(0, 1, 'seen-siFreq')).toBe('25.0');
    expect(cell(0, 1, 'seen-siContrib')).toBe('50.0');
    expect(cell(0, 2, 'seen-accuracy')).toBe('62.5');
    expect(cell(0, 2, 'unseen-accuracy')).toBe('–');
    expect(cell(1, 1, 'seen-accuracy')).toBe('75.0');
    expect(cell(1, 1, 'seen-siFreq')).toBe('12.5');
    expect(cell(1, 0, 'unseen-siContrib')).toBe('–');
  });

  it('compares the runs ticked in the picker, in the order ticked', async () => {
    await openCompare('#/compare');
    const [a, b] = await twoRuns();
    router.update({ runs: String(a) });
    mountPage();
    await expect.poll(() => words(q('[data-testid=pick-more]'))).toBe('Tick two or more runs and press Compare selected.');
    const picker = q('details.pick') as HTMLDetailsElement;
    expect(picker.open).toBe(true);
    const compare = [...picker.querySelectorAll('button')].find((el) => el.textContent?.startsWith('Compare selected'))!;
    expect(compare.textContent).toBe('Compare selected (1)');
    expect(compare.disabled).toBe(true);
    const boxes = [...picker.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    // Newest first: b, then a (ticked from the link).
    expect(boxes.map((el) => el.checked)).toEqual([false, true]);
    boxes[0].click();
    flushSync();
    expect(compare.textContent).toBe('Compare selected (2)');
    compare.click();
    expect(router.param('runs')).toBe(`${a},${b}`);
    await expect.poll(() => document.querySelectorAll('[data-testid=compared-runs] li').length).toBe(2);
    expect(q('[data-testid=pick-more]')).toBeNull();
    expect(q('[data-testid=dropped-runs]')).toBeNull();
  });

  it('with fewer than two runs stored, says so and where runs come from', async () => {
    // Ids far past any this store has given out.
    await openCompare('#/compare?runs=900005,900006&hide=p');
    const db = await appDb.get();
    await createRun(db, 'only one', DEFAULT_CONFIG as unknown as JsonObject);
    mountPage();
    await expect.poll(() => words(q('[data-testid=too-few-runs]'))).toMatch(/^Only one run is stored in this browser; a comparison needs two or more\./);
    const links = [...document.querySelectorAll<HTMLAnchorElement>('[data-testid=too-few-runs] a')].map((el) => [el.textContent, el.getAttribute('href')]);
    expect(links).toEqual([['Demo', '#/demo?hide=p'], ['Trajectories', '#/trajectories?hide=p']]);
    expect(words(q('[data-testid=dropped-runs]'))).toContain('Runs #900005, #900006 are not stored in this browser');
    expect(q('[data-testid=compared-runs]')).toBeNull();
  });

  it('compares a run of imported trajectories (no run settings) with a real run without losing the real one', async () => {
    await openCompare('#/compare');
    const [a] = await twoRuns();
    const db = await appDb.get();
    const jsonl = await createRun(db, 'Imported sample.jsonl', { source: 'jsonl', file: 'sample.jsonl' });
    router.update({ runs: `${jsonl},${a}` });
    mountPage();
    await expect.poll(() => document.querySelectorAll('[data-testid=compared-runs] li').length).toBe(2);
    expect(words(q('[data-testid=compared-runs] li .muted'))).toBe('trajectories imported from a JSONL file, no run settings');
    await expect.poll(() => legend('compare-accuracy-chart')).toEqual([`#${jsonl} Imported sample.jsonl`, `#${a} arithmetic`]);
    expect(q('[data-testid=compare-accuracy-chart]')!.dataset.points).toBe('3');
    expect(q('[data-testid=compare-loss-chart]')!.dataset.points).toBe('10');
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid=compare-metric-table] tbody tr')].map((r) => `${r.dataset.run}:${r.dataset.iteration}`);
    expect(rows).toEqual(['0:0', '1:0', '1:1', '1:2']);
    expect(cell(0, 0, 'seen-accuracy')).toBe('–');
    expect(cell(1, 2, 'seen-accuracy')).toBe('62.5');
    const marked = [...document.querySelectorAll<HTMLElement>('[data-testid=config-table] tbody tr[data-differs=true]')].map((r) => r.dataset.key);
    expect(marked).toContain('source');
    expect(marked).toContain('task');
  });
});

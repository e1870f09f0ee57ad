// Runs side by side in the built app: two runs with different settings, loss curves and evaluations are written into
// the app's IndexedDB, picked on the Trajectories page, and compared on the Compare page at desktop and phone width
// (test-results/compare-*.png): the differing settings marked, one series per run, no sideways scroll on a phone.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../helpers/browser';
import { DEFAULT_CONFIG } from '../../src/tripost/config';

const CONFIGS = [
  { ...DEFAULT_CONFIG, task: 'msa', level: 'quick', iterations: 3, warmStart: true },
  { ...DEFAULT_CONFIG, task: 'msa', level: 'quick', iterations: 3, warmStart: true, method: 'tripost-no-rebalance', p: null, w: 1 },
];
const m = (accuracy: number, siFreq: number, siContrib: number) => ({ accuracy, siFreq, siContrib, n: 64 });
/** Per run: its loss per step (three iterations of 40 steps) and its evaluations per iteration and split. */
const RUNS = [0, 1].map((r) => ({
  name: r === 0 ? 'Demo: tripost' : 'Demo: tripost-no-rebalance',
  config: CONFIGS[r],
  status: r === 0 ? 'done' : 'paused',
  lastCompleted: r === 0 ? { iteration: 3, stage: 'evaluate' } : { iteration: 2, stage: 'evaluate' },
  metrics: Array.from({ length: 120 }, (_, i) => ({ iteration: 1 + Math.floor(i / 40), series: 'train/loss', step: i % 40, value: 1.2 * Math.exp(-i / (60 + 40 * r)) + 0.2 + 0.05 * Math.sin(i) })),
  evals: [0, 1, 2, 3].filter((t) => r === 0 || t < 3).flatMap((t) => [
    { iteration: t, split: 'seen', ...m(0.3 + 0.1 * t - 0.04 * r * t, 0.05 * t, 0.02 * t * (1 - r)) },
    { iteration: t, split: 'unseen', ...m(0.1 + 0.03 * t, 0.04 * t, 0.01 * t) },
  ]),
}));

describe('compare runs (built app in Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let ids: number[];
  const errors: string[] = [];

  async function expectNoSidewaysScroll(): Promise<void> {
    const w = await page.evaluate(() => ({ viewport: window.innerWidth, document: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
    // What sticks out past the right edge, to say in a failure what to fix.
    const culprits = await page.evaluate(() =>
      [...document.body.querySelectorAll('*')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > window.innerWidth + 0.5 && el.parentElement !== document.body))
        .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> right=${Math.round(el.getBoundingClientRect().right)}`),
    );
    expect(w.document, culprits.join('; ')).toBeLessThanOrEqual(w.viewport);
    expect(w.body, culprits.join('; ')).toBeLessThanOrEqual(w.viewport);
  }
  const legend = (testid: string) => page.getByTestId(testid).locator('.u-legend .u-series .u-label').allTextContents();

  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    // The app creates its database; the runs go in beside it, as the pipeline writes them.
    await page.goto(`${inject('baseUrl')}/#/compare`);
    await page.getByTestId('too-few-runs').waitFor();
    ids = await page.evaluate(
      (runs: typeof RUNS) =>
        new Promise<number[]>((resolve, reject) => {
          const open = indexedDB.open('tripost-playground');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['runs', 'metrics', 'evals'], 'readwrite');
            const out: number[] = [];
            runs.forEach((run, i) => {
              const { metrics, evals, ...record } = run;
              const add = tx.objectStore('runs').add({ ...record, current: null, createdAt: Date.now() + i, updatedAt: Date.now() + i });
              add.onsuccess = () => {
                const runId = add.result as number;
                out[i] = runId;
                for (const p of metrics) tx.objectStore('metrics').add({ ...p, runId });
                for (const e of evals) tx.objectStore('evals').add({ ...e, runId, model: 'm', task: 'msa', createdAt: e.iteration });
              };
            });
            tx.oncomplete = () => resolve(out);
            tx.onerror = () => reject(tx.error);
          };
        }),
      RUNS,
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('picks two runs on the Trajectories page and compares them', async () => {
    await page.goto(`${inject('baseUrl')}/#/trajectories`);
    const picker = page.getByTestId('compare-runs');
    await picker.locator('summary').click();
    for (const id of ids) await picker.getByRole('checkbox', { name: new RegExp(`^#${id} `) }).check();
    await picker.getByRole('button', { name: 'Compare selected (2)' }).click();
    await page.waitForURL(/#\/compare\?runs=/);
    expect(new URL(page.url()).hash).toBe(`#/compare?runs=${ids.join(',')}`);

    await expect.poll(() => page.getByTestId('compared-runs').locator('li').count()).toBe(2);
    const differing = await page.locator('[data-testid=config-table] tbody tr[data-differs=true]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.key));
    expect(differing).toEqual(['method', 'p', 'w']);
    expect(await page.getByTestId('compared-runs').locator('.badge').allTextContents()).toEqual(['unfinished: stopped, at the start of Edit trajectories (iteration 3)']);
    const labels = ids.map((id, i) => `#${id} ${RUNS[i].name}`);
    for (const chart of ['compare-loss-chart', 'compare-accuracy-chart', 'compare-sifreq-chart', 'compare-sicontrib-chart']) {
      await expect.poll(() => legend(chart), { message: chart }).toEqual(labels);
    }
    expect(await page.getByTestId('compare-metric-table').locator('tbody tr').count()).toBe(4 + 4);
    await screenshot(page, 'compare-desktop');
    expect(errors).toEqual([]);
  });

  it('fits a phone: the tables scroll in their own boxes, the page does not', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    // Opened on the phone from a link, not resized from the desktop.
    await page.goto(`${inject('baseUrl')}/#/compare?runs=${ids.join(',')}`);
    await page.reload();
    await expect.poll(() => legend('compare-loss-chart')).toHaveLength(2);
    await expectNoSidewaysScroll();
    await screenshot(page, 'compare-phone');
    await page.getByLabel('Only settings that differ').check();
    await expect.poll(() => page.locator('[data-testid=config-table] tbody tr').count()).toBe(3);
    await expectNoSidewaysScroll();
    expect(errors).toEqual([]);
  });
});

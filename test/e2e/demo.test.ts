// Demo page in the built app: a nano run to the end (charts, results, inspector), and a reload in the middle of
// a run that resumes without losing or duplicating trajectories. cpu backend: a whole run on SwiftShader's
// WebGPU would take far longer; the Learn test exercises WebGPU.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../helpers/browser';

/** Six word-sorting problems, one iteration, small epochs: the smallest run that goes through every stage. */
const RUN = 'task=ws&preset=nano&backend=cpu&n=6&eval=3&t=1&epochs=1&sft=4&ctx=384&baselines=0';

describe('demo page (built app in Chromium)', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const phase = () => page.getByTestId('phase').getAttribute('data-phase');
  const points = (id: string) => page.getByTestId(id).getAttribute('data-points').then(Number);
  const count = () => page.getByTestId('match-count').textContent();
  const runIds = () => (new URL(page.url()).hash.match(/run=([\d,]+)/)?.[1] ?? '').split(',');

  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('runs nano to the end: charts have points, the results table has numbers, the inspector has the trajectories', async () => {
    await page.goto(`${inject('baseUrl')}/#/demo?${RUN}&seed=3`);
    expect(await page.getByLabel('Task').inputValue()).toBe('ws');
    const resultsTop = async () => (await page.getByRole('heading', { name: 'Results' }).boundingBox())?.y;
    const idleTop = await resultsTop();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(phase).toBe('running');
    await expect.poll(() => page.getByTestId('trajectory-feed').locator('li .badge').count(), { timeout: 120_000 }).toBeGreaterThan(0);
    await screenshot(page, 'demo-running');
    const runningTop = await resultsTop();
    expect(runningTop).toBe(idleTop);

    await expect.poll(phase, { timeout: 240_000, interval: 1000 }).toBe('done');
    expect(await points('loss-chart')).toBeGreaterThan(0);
    expect(await page.getByTestId('metric-charts').getAttribute('data-evaluated')).toBe('2');
    const cells = await page.getByTestId('results-table').locator('tbody td').allTextContents();
    expect(cells).toHaveLength(12);
    for (const c of cells) expect(c).toMatch(/^\d+\.\d$/);
    expect(await page.getByTestId('stage').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(Array(6).fill('done'));
    await screenshot(page, 'demo-finished');
    // Space for the charts, timeline and feed is reserved: nothing below them moved while the run streamed.
    expect(await resultsTop()).toBe(runningTop);
    await page.setViewportSize({ width: 820, height: 1180 });
    await screenshot(page, 'demo-finished-tablet');
    await page.setViewportSize({ width: 1280, height: 720 });

    const [runId] = runIds();
    await page.getByRole('link', { name: 'Trajectories', exact: true }).first().click();
    await page.goto(`${inject('baseUrl')}/#/trajectories?run=${runId}`);
    await expect.poll(count).toBe('6 trajectories');
  });

  it('reloaded in the middle of a run, resumes it: nothing lost, nothing duplicated', async () => {
    // A teacher's link: critic and p hidden.
    await page.goto(`${inject('baseUrl')}/#/demo?${RUN}&seed=4&hide=critic,p`);
    await page.getByLabel('Task').waitFor();
    expect(await page.getByLabel('Critic').count()).toBe(0);
    expect(await page.getByLabel(/^Improvement share p/).count()).toBe(0);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.getByTestId('trajectory-feed').locator('li .badge').count(), { timeout: 120_000 }).toBeGreaterThan(0);
    const [runId] = runIds();
    await page.reload();

    await expect.poll(phase).toBe('interrupted');
    expect(runIds()).toEqual([runId]);
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(phase).toBe('running');
    await expect.poll(phase, { timeout: 240_000, interval: 1000 }).toBe('done');
    const cells = await page.getByTestId('results-table').locator('tbody td').allTextContents();
    for (const c of cells) expect(c).toMatch(/^\d+\.\d$/);

    await page.goto(`${inject('baseUrl')}/#/trajectories?run=${runId}`);
    await expect.poll(count).toBe('6 trajectories');
    // One trajectory per training problem: none made twice.
    const questions = await page.getByRole('listbox', { name: 'Trajectories' }).getByRole('option').allTextContents();
    expect(new Set(questions).size).toBe(6);
    expect(errors).toEqual([]);
  });
});

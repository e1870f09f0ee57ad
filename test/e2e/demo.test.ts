// Demo page in the built app: a nano run to the end (charts, results, inspector), and a reload in the middle of
// a run that resumes without losing or duplicating trajectories. cpu backend: a whole run on SwiftShader's
// WebGPU would take far longer; the Learn test exercises WebGPU.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../helpers/browser';

/** Six word-sorting problems, one iteration, small epochs: the smallest run that goes through every stage. */
const RUN = 'task=ws&level=paper&tok=char&preset=nano&warm=0&backend=cpu&n=6&eval=3&t=1&epochs=1&sft=4&ctx=384&baselines=0';

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
    const cells = await page.getByTestId('results-table').locator('tbody tr:not(.shortcut) td').allTextContents();
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
    const cells = await page.getByTestId('results-table').locator('tbody tr:not(.shortcut) td').allTextContents();
    for (const c of cells) expect(c).toMatch(/^\d+\.\d$/);
    // Beside the models: the score of always giving the most frequent answer.
    const shortcut = await page.getByTestId('shortcut-row').locator('td').allTextContents();
    expect(shortcut.filter((c) => c !== '')).toHaveLength(2);
    for (const c of shortcut.filter((c) => c !== '')) expect(c).toMatch(/^\d+\.\d$/);

    await page.goto(`${inject('baseUrl')}/#/trajectories?run=${runId}`);
    await expect.poll(count).toBe('6 trajectories');
    // One trajectory per training problem: none made twice.
    const questions = await page.getByRole('listbox', { name: 'Trajectories' }).getByRole('option').allTextContents();
    expect(new Set(questions).size).toBe(6);
    expect(errors).toEqual([]);
  });

  it('starts from the shipped warm start by default and says what it is; a task without one says it starts from scratch', async () => {
    const manifest = (await (await fetch(`${inject('baseUrl')}/checkpoints/manifest.json`)).json()) as { checkpoints: { name: string; steps: number; ownFrom?: number; seen: { accuracy: number } }[] };
    const msa = manifest.checkpoints.find((c) => c.name === 'msa-quick')!;
    await page.goto(`${inject('baseUrl')}/#/demo`);
    await page.getByRole('button', { name: 'Quick demo' }).click();
    // The page may come back showing the last run's task: MSA is the one with a shipped warm start.
    await page.getByLabel('Task').selectOption('msa');
    const note = page.getByTestId('warm-start-note');
    await expect.poll(() => note.textContent()).toContain('The run starts from the shipped warm start');
    expect(await note.textContent()).toContain(`${(msa.ownFrom ?? msa.steps).toLocaleString('en')} × `);
    expect(await note.textContent()).toContain(`${Math.round(msa.seen.accuracy * 100)}% of 100 held-out seen problems`);
    expect(await page.getByLabel('Start from').inputValue()).toBe('warm');
    expect(await page.getByLabel(/^Model\b/).isDisabled()).toBe(true);
    await screenshot(page, 'demo-warm-start');
    await page.getByLabel('Task').selectOption('ws');
    const wsShipped = manifest.checkpoints.some((c) => c.name === 'ws-quick');
    if (wsShipped) await expect.poll(() => note.textContent()).toContain('The run starts from the shipped warm start');
    else await expect.poll(() => note.textContent()).toContain('No warm start is shipped for this task at the quick level');
    await page.getByLabel('Start from').selectOption('scratch');
    await expect.poll(() => note.count()).toBe(0);
    expect(new URL(page.url()).hash).toContain('warm=0');
    expect(errors).toEqual([]);
  });
});

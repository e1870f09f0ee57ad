// Run controls in the built app: start → pause → continue → stop (in the first evaluation) → resume → done, with no
// uncaught error and no console error on the way, the pipeline worker's included (Chromium reports both to the page).
// WebGPU on SwiftShader, where Stop destroys an engine with GPU work in flight, and the cpu backend.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser';

/** MSA at the easy level, task tokens, nano, one iteration, evaluations of two batches a split: every stage in seconds. */
const RUN = 'task=msa&level=easy&tok=task&preset=nano&warm=0&n=2&eval=4&t=1&epochs=1&sft=2&ctx=128&baselines=0&seed=5';

describe('run controls (built app in Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(['webgpu', 'cpu'])('%s: start, pause, continue, stop, resume: the run ends and nothing is reported as an error', async (backend) => {
    // A context of its own: an empty store.
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    const phase = () => page.getByTestId('phase').getAttribute('data-phase');
    const stageState = (i: number) => () => page.getByTestId('stage').nth(i).getAttribute('data-state');
    const toggle = page.getByTestId('pause-resume');

    await page.goto(`${inject('baseUrl')}/#/demo?${RUN}&backend=${backend}`);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // Pause once the worker has begun the first stage (a pause during set-up: test/unit/worker/controller.test.ts).
    await expect.poll(stageState(0), { timeout: 30_000 }).toBe('active');
    await toggle.click(); // Pause
    await expect.poll(phase, { timeout: 30_000 }).toBe('paused');
    expect(await toggle.textContent()).toBe('Resume');
    await toggle.click(); // continues in place
    await expect.poll(phase).toBe('running');

    // Stop once the first evaluation has begun (it keeps the problems it has done).
    await expect.poll(stageState(1), { timeout: 30_000, interval: 50 }).not.toBe('pending');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect.poll(phase, { timeout: 30_000 }).toBe('stopped');

    await toggle.click(); // resumes from the store
    await expect.poll(phase, { timeout: 60_000, interval: 500 }).toBe('done');
    expect(await page.getByTestId('stage').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(Array(6).fill('done'));
    expect(errors).toEqual([]);
  });
});

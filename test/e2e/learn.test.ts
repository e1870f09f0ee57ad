// Learn page in the built app: every step can be stepped through (buttons and keys), the model's attempt streams,
// the heat map follows w, and one training step on WebGPU lowers the loss on the example.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../helpers/browser';

describe('learn page (built app in Chromium)', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const title = () => page.locator('#stage-title').textContent();

  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${inject('baseUrl')}/#/learn`);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('streams the attempt, marks the error, diffs the improvement, shows the mix', async () => {
    expect(await title()).toBe("1. The model's attempt");
    // Streaming: the attempt's text grows in several visible updates, not all at once.
    await page.getByTestId('model-attempt').evaluate((el) => {
      const w = window as unknown as { lengths: number[] };
      w.lengths = [];
      new MutationObserver(() => w.lengths.push(el.textContent?.length ?? 0)).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await page.getByRole('button', { name: 'Generate the attempt' }).click();
    await expect.poll(async () => (await page.getByTestId('model-attempt').textContent())?.length ?? 0).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Generate the attempt' }).waitFor({ timeout: 60_000 });
    const lengths = await page.evaluate(() => (window as unknown as { lengths: number[] }).lengths);
    expect(new Set(lengths).size).toBeGreaterThan(3);
    await screenshot(page, 'learn-1-attempt');

    await page.getByRole('button', { name: 'Next →' }).click();
    expect(await title()).toBe("2. The critic's feedback");
    expect(await page.getByTestId('feedback-attempt').locator('mark').count()).toBe(1);
    expect(await page.getByTestId('feedback').textContent()).toMatch(/Feedback: .*is incorrect/);

    // The keyboard steps too.
    await page.locator('body').press('ArrowRight');
    expect(await title()).toBe('3. The improvement');
    expect(await page.getByTestId('improvement-diff').locator('ins').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('improvement-diff').locator('del').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Next →' }).click();
    expect(await title()).toBe('4. Post-processing');
    const mix = page.getByTestId('mix');
    await mix.waitFor();
    const at43 = await mix.textContent();
    await page.getByLabel(/^p = /).fill('0.8');
    await expect.poll(() => mix.textContent()).not.toBe(at43);
    await screenshot(page, 'learn-4-postprocess');
  });

  it('the heat map follows w', async () => {
    await page.getByRole('button', { name: '5. The weighted loss' }).click();
    expect(await title()).toBe('5. The weighted loss');
    const heat = page.getByTestId('heatmap');
    const heavy = heat.locator('span[title="weight 1.5"]');
    await heavy.waitFor();
    const before = await heavy.evaluate((el) => getComputedStyle(el).backgroundColor);
    await page.getByLabel(/^Weight w = /).fill('4');
    await heat.locator('span[title="weight 4"]').waitFor();
    expect(await heat.locator('span[title="weight 1.5"]').count()).toBe(0);
    expect(await heat.textContent()).toContain('tokens × 4');
    const light = await heat.locator('span[title="weight 1"]').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(light).not.toBe(before);
    await screenshot(page, 'learn-5-weights');
  });

  it('one training step on WebGPU lowers the loss on the example', async () => {
    await page.getByRole('button', { name: '1. The model' }).click();
    await page.getByLabel('Backend').selectOption('webgpu');
    await page.getByRole('button', { name: 'Next →' }).click();
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Next →' }).click();
    expect(await title()).toBe('6. One training step');
    await page.getByRole('button', { name: 'Run one training step' }).click();
    await expect.poll(() => page.getByTestId('loss-after').textContent(), { timeout: 120_000 }).toMatch(/^\d/);
    const before = Number(await page.getByTestId('loss-before').textContent());
    const after = Number(await page.getByTestId('loss-after').textContent());
    expect(after).toBeLessThan(before);
    expect(await page.getByText('on the webgpu backend').count()).toBe(1);
    await screenshot(page, 'learn-6-train');
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.getByRole('button', { name: "2. The critic's feedback" }).click();
    await screenshot(page, 'learn-2-feedback-tablet');
    expect(errors).toEqual([]);
  });
});

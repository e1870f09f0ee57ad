// The first page loads without the engine: pages are chunks loaded when shown, the WGSL kernels come only with the
// pages that run a model in the tab (Learn) and with the worker, and the openai package only with an LLM call.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../helpers/browser';

const DIST_ASSETS = fileURLToPath(new URL('../../dist/assets/', import.meta.url));
// Text found only in the engine's shaders and in the openai package.
const WGSL = '@compute';
const OPENAI_SDK = 'OPENAI_BASE_URL';

describe('code splitting (built app in Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('every chunk is under Vite\'s 500 kB warning, and the shaders and the SDK are in chunks of their own', () => {
    const scripts = readdirSync(DIST_ASSETS).filter((f) => f.endsWith('.js'));
    for (const f of scripts) expect(statSync(`${DIST_ASSETS}${f}`).size, f).toBeLessThan(500_000);
    const holding = (text: string) => scripts.filter((f) => readFileSync(`${DIST_ASSETS}${f}`, 'utf8').includes(text));
    expect(holding(WGSL).length).toBeGreaterThan(0);
    expect(holding(OPENAI_SDK).length).toBeGreaterThan(0);
  });

  it('the Demo page, the first one, loads no shader and no SDK; the Learn page brings the shaders when opened', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The page's own scripts (the worker's are the worker's business), read as they arrive.
    const responses: Promise<string>[] = [];
    page.on('response', (res) => {
      if (res.url().endsWith('.js') && !res.url().includes('.worker-')) responses.push(res.text().catch(() => ''));
    });
    const loaded = () => Promise.all(responses);
    await page.goto(`${inject('baseUrl')}/#/demo`);
    await page.getByRole('heading', { name: 'Run TriPosT' }).waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    const first = await loaded();
    expect(first.length).toBeGreaterThan(1);
    expect(first.filter((js) => js.includes(WGSL))).toEqual([]);
    expect(first.filter((js) => js.includes(OPENAI_SDK))).toEqual([]);

    await page.getByRole('link', { name: 'Learn', exact: true }).click();
    await page.getByRole('main', { name: 'Learn' }).waitFor();
    // The Learn page builds its model in the tab: the shaders arrive with it.
    await expect.poll(async () => (await loaded()).slice(first.length).some((js) => js.includes(WGSL)), { timeout: 30_000 }).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});

// Every page at phone width (390 × 844) in the built app: nothing scrolls the page sideways, every tab of the nav is
// on screen, and a screenshot of each page is kept (test-results/phone-*.png). Then Demo and Settings at 1280 × 800,
// to see that the desktop layout did not change (test-results/desktop-*.png). Works with or without a shipped warm
// start (public/checkpoints/manifest.json).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../helpers/browser';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** Opens a page and waits until it has rendered what a visitor would see first. */
const READY: Record<string, (page: Page) => Promise<void>> = {
  demo: async (page) => {
    await page.getByRole('combobox', { name: /^Task\b/ }).waitFor();
    // The sizes are folded away; open them, so that their fields are measured too.
    await page.locator('summary', { hasText: 'Sizes' }).click();
    await page.getByLabel('Context length (tokens)').waitFor();
  },
  learn: async (page) => {
    await expect.poll(() => page.locator('#stage-title').textContent()).toBe("1. The model's attempt");
    await page.getByTestId('prompt').waitFor();
    // Ready: the warm-start list read and (if one is shipped) its model loaded, or the untrained-model note shown.
    await expect.poll(() => page.getByRole('button', { name: 'Generate the attempt' }).isEnabled(), { timeout: 60_000 }).toBe(true);
  },
  trajectories: async (page) => {
    await page.getByTestId('match-count').waitFor();
    await page.getByText('No trajectories yet').or(page.getByRole('listbox', { name: 'Trajectories' })).first().waitFor();
  },
  compare: async (page) => {
    // A fresh browser has no runs: the page says so and where runs come from (test/e2e/compare.test.ts fills it).
    await page.getByTestId('too-few-runs').or(page.getByTestId('compared-runs')).first().waitFor();
  },
  settings: async (page) => {
    await page.getByRole('button', { name: 'Test connection' }).waitFor();
    await page.getByTestId('storage').waitFor();
    await page.getByTestId('gpu-ready').or(page.getByTestId('gpu-unavailable')).waitFor({ timeout: 60_000 });
  },
};

describe('phone width (built app in Chromium)', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: PHONE })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string): Promise<void> {
    await page.goto(`${inject('baseUrl')}/#/${path}`);
    await READY[path](page);
  }

  /** The page's and the body's scroll widths against the viewport: wider means the page scrolls sideways. */
  async function widths(): Promise<{ viewport: number; document: number; body: number }> {
    return page.evaluate(() => ({
      viewport: window.innerWidth,
      document: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
    }));
  }

  /** What sticks out past the right edge, to say in a failure what to fix. */
  async function overflowing(): Promise<string[]> {
    return page.evaluate(() => {
      const w = window.innerWidth;
      const out: string[] = [];
      for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        const parent = el.parentElement?.getBoundingClientRect();
        if (box.width === 0 || box.right <= w + 0.5) continue;
        if (parent && parent.right > w + 0.5 && el.parentElement !== document.body) continue;
        out.push(`<${el.tagName.toLowerCase()} class="${el.className}"> "${(el.textContent ?? '').trim().slice(0, 40)}" right=${Math.round(box.right)}`);
      }
      return out;
    });
  }

  async function expectNoSidewaysScroll(): Promise<void> {
    const w = await widths();
    const culprits = w.document > w.viewport || w.body > w.viewport ? await overflowing() : [];
    expect(w.document, `the page is wider than the screen: ${culprits.join('; ')}`).toBeLessThanOrEqual(w.viewport);
    expect(w.body, `the body is wider than the screen: ${culprits.join('; ')}`).toBeLessThanOrEqual(w.viewport);
  }

  for (const path of Object.keys(READY)) {
    it(`#/${path}: no sideways scroll, every tab on screen`, async () => {
      await open(path);
      expect(await page.evaluate(() => window.innerWidth)).toBe(PHONE.width);
      await expectNoSidewaysScroll();

      const links = page.getByRole('navigation', { name: 'Pages' }).getByRole('link');
      expect(await links.count()).toBe(Object.keys(READY).length);
      for (const link of await links.all()) {
        const box = await link.boundingBox();
        const name = await link.textContent();
        expect(box, `${name} tab has no box`).not.toBeNull();
        expect(box!.x, `${name} tab starts left of the screen`).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, `${name} tab ends right of the screen`).toBeLessThanOrEqual(PHONE.width);
      }
      if (path === 'demo') {
        // One field to a row: the Model select, the p slider and the baselines box are all as wide as the form.
        const task = (await page.getByRole('combobox', { name: /^Task\b/ }).boundingBox())!;
        const model = (await page.getByRole('combobox', { name: /^Model\b/ }).boundingBox())!;
        const p = (await page.getByLabel(/^Improvement share p/).boundingBox())!;
        expect(model.y).toBeGreaterThan(task.y);
        expect(Math.round(model.width)).toBe(Math.round(task.width));
        expect(p.x + p.width).toBeLessThanOrEqual(PHONE.width);
      }
      await screenshot(page, `phone-${path}`);
    });
  }

  it('Demo and Settings keep their desktop layout at 1280 × 800', async () => {
    await page.setViewportSize(DESKTOP);
    await open('demo');
    await expectNoSidewaysScroll();
    // The form is several fields to a row there, not the phone's single column.
    const task = await page.getByRole('combobox', { name: /^Task\b/ }).boundingBox();
    const level = await page.getByRole('combobox', { name: /^Level\b/ }).boundingBox();
    expect(level!.y).toBe(task!.y);
    await screenshot(page, 'desktop-demo');
    await open('settings');
    await expectNoSidewaysScroll();
    await screenshot(page, 'desktop-settings');
    expect(errors).toEqual([]);
  });
});

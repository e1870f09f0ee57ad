import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { existsSync } from 'node:fs';
import { launchChromium, screenshot } from '../helpers/browser';

describe('device panel (built app in Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a real WebGPU adapter, its limits and storage', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${inject('baseUrl')}/#/settings`);
    await page.getByTestId('gpu-ready').waitFor({ timeout: 60_000 });
    const adapter = [
      await page.getByTestId('adapter-vendor').textContent(),
      await page.getByTestId('adapter-architecture').textContent(),
      await page.getByTestId('adapter-description').textContent(),
    ].join(' ');
    expect(adapter).toMatch(/google|swiftshader|mesa|llvmpipe|nvidia|amd|intel|apple/i);
    // Headless Chromium here runs SwiftShader: a fallback adapter with subgroups of 4, so the CPU-tuned kernels.
    expect(await page.getByTestId('adapter-runs-on').textContent()).toMatch(/the CPU \(a software fallback adapter\)/);
    expect(await page.getByTestId('kernel-family').textContent()).toMatch(/subgroup/);
    expect(await page.getByText('Largest storage binding').count()).toBe(1);
    await page.getByTestId('storage').waitFor();
    const path = await screenshot(page, 'device-panel');
    expect(existsSync(path)).toBe(true);
    expect(errors).toEqual([]);
  });
});

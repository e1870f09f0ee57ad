// e2e tier: a headless Chromium with WebGPU, driven by playwright-core.
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { chromeArgs, chromePath } from './chrome';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromePath(), args: chromeArgs, headless: true });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync('test-results', { recursive: true });
  const path = `test-results/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

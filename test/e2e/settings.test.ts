import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createServer } from 'node:net';
import { launchChromium, screenshot } from '../helpers/browser';
import { CHAT_PATH, startLlmMockServer, type LlmMockServer } from '../helpers/llm-mock-server';
import { writeTinyHfCheckpoint } from '../helpers/hf-checkpoint-files';

/** A port nothing listens on: bind, note the port, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('settings page (built app in Chromium)', () => {
  let browser: Browser;
  let mock: LlmMockServer;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    [browser, mock] = await Promise.all([launchChromium(), startLlmMockServer({ cors: true })]);
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${inject('baseUrl')}/#/settings`);
  });
  afterAll(async () => {
    await browser?.close();
    await mock?.close();
  });

  async function testConnection(baseURL: string): Promise<{ kind: string | null; text: string }> {
    await page.getByLabel('Base URL').fill(baseURL);
    await page.getByLabel('Model', { exact: true }).fill('mock-model');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('connection-result').locator('p');
    await result.waitFor({ timeout: 30_000 });
    return { kind: await result.getAttribute('data-kind'), text: (await result.textContent()) ?? '' };
  }

  it('tests the connection: success with latency, 401 and unreachable, each with its message', async () => {
    await page.getByLabel('Server').selectOption('vllm');
    const ok = await testConnection(mock.baseURL);
    expect(ok.kind).toBe('ok');
    expect(ok.text).toMatch(/Connected\. Works: mock-model answered in \d+ ms/);
    expect(mock.requests(CHAT_PATH)).toHaveLength(1);

    mock.script(CHAT_PATH, { status: 401, error: { message: 'Incorrect API key provided: sk-abcd1234efgh.' } });
    const denied = await testConnection(mock.baseURL);
    expect(denied.kind).toBe('unauthorized');
    expect(denied.text).toContain('Check the API key');
    expect(denied.text).not.toContain('sk-abcd1234');

    const nowhere = `http://127.0.0.1:${await closedPort()}/v1`;
    const unreachable = await testConnection(nowhere);
    expect(unreachable.kind).toBe('unreachable');
    expect(unreachable.text).toContain(`Nothing answers at ${nowhere}`);
  });

  it('keeps the endpoint across reloads and the key only when asked to', async () => {
    await page.getByLabel('Base URL').fill(mock.baseURL);
    await page.getByLabel('Base URL').press('Tab');
    await page.getByLabel('API key').fill('secret-key-123');
    await page.reload();
    await expect.poll(() => page.getByLabel('Base URL').inputValue()).toBe(mock.baseURL);
    expect(await page.getByLabel('API key').inputValue()).toBe('');

    await page.getByLabel('API key').fill('secret-key-123');
    await page.getByLabel('Remember the key on this device').check();
    await page.reload();
    expect(await page.getByLabel('API key').inputValue()).toBe('secret-key-123');
    await page.getByRole('button', { name: 'Forget key' }).click();
  });

  it('imports a Hugging Face checkpoint from files, and says what is missing', async () => {
    const paths = writeTinyHfCheckpoint();
    await page.getByTestId('checkpoint-files').setInputFiles(paths.filter((p) => !p.endsWith('config.json')));
    await page.getByRole('alert').filter({ hasText: 'config.json' }).waitFor();
    await page.getByTestId('checkpoint-files').setInputFiles(paths);
    await page.getByText('Imported model: 9.4 k parameters, 2 layers, width 24, 6 heads (2 KV), vocabulary 19, with its tokenizer. Choose it under Model on the Demo page.').waitFor();
    // What a Demo run of it needs, both ways, before one starts.
    await page.getByTestId('memory-needs').getByText(/^Full fine-tuning: /).waitFor();
    await page.getByTestId('memory-needs').getByText(/^LoRA \(rank 8, alpha 16, q_proj, v_proj\): /).waitFor();
    await page.getByRole('button', { name: 'Delete checkpoint model' }).waitFor();
  });

  it('shows storage, clears all data after confirming, and takes the screenshot', async () => {
    await page.getByTestId('storage').waitFor();
    await page.getByRole('button', { name: 'Clear all data…' }).click();
    await page.getByRole('alertdialog').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);

    // A live run (its Web Lock held, as the Demo page holds it) keeps everything in place.
    await page.evaluate(() => {
      navigator.locks.request('tripost-run-7', () => new Promise<void>((resolve) => ((window as unknown as { endRun: () => void }).endRun = resolve)));
    });
    await page.getByRole('button', { name: 'Clear all data…' }).click();
    await page.getByRole('button', { name: 'Delete everything' }).click();
    await page.getByRole('alert').filter({ hasText: 'A run is in progress' }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete checkpoint model' }).count()).toBe(1);
    await page.evaluate(() => (window as unknown as { endRun: () => void }).endRun());

    // A failed run's kept error note (the Demo page's fallback when storage was full) goes with the data.
    await page.evaluate(() => localStorage.setItem('tripost.lastRunError', JSON.stringify({ runId: 7, name: 'StorageFull', message: 'x', stage: null, resumable: true, time: 0 })));
    await page.getByRole('button', { name: 'Delete everything' }).click();
    await page.getByText('All data was deleted').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('tripost.lastRunError'))).toBeNull();
    // The panels show the emptied store at once: no imported model, the default endpoint.
    await expect.poll(() => page.getByRole('button', { name: 'Delete checkpoint model' }).count()).toBe(0);
    expect(await page.getByLabel('Base URL').inputValue()).toBe('http://localhost:11434/v1');
    expect(await page.getByRole('alert').filter({ hasText: 'A run is in progress' }).count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByLabel('Base URL').inputValue()).toBe('http://localhost:11434/v1');

    await page.getByRole('button', { name: 'Test connection' }).waitFor();
    await page.getByTestId('gpu-ready').or(page.getByTestId('gpu-unavailable')).waitFor({ timeout: 60_000 });
    await screenshot(page, 'settings');
    await page.setViewportSize({ width: 800, height: 1100 });
    await screenshot(page, 'settings-tablet');
    expect(errors).toEqual([]);
  });
});

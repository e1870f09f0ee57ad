import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, screenshot } from '../helpers/browser';
import { correctTrajectory, improvedTrajectory, toJsonl } from '../helpers/ui-fixtures';

/** 20 improved and 10 dropped trajectories (6 rebalanced away, 4 illegal improvements) with three bad lines among them (lines 4, 9 and 15). */
function sampleFile(): string {
  const illegal = { dropReason: 'illegal-improvement: step (1) was not copied verbatim' };
  const dropped = Array.from({ length: 10 }, (_, i) => correctTrajectory(i, i < 4 ? illegal : {}));
  const good = [...Array.from({ length: 20 }, (_, i) => improvedTrajectory(i)), ...dropped];
  const lines = toJsonl(good).trimEnd().split('\n');
  lines.splice(3, 0, '{"this is": not json');
  lines.splice(8, 0, JSON.stringify({ ...improvedTrajectory(99), outcome: 'great' }));
  lines.splice(14, 0, JSON.stringify({ ...improvedTrajectory(98), turns: [] }));
  const path = join(mkdtempSync(join(tmpdir(), 'tripost-e2e-')), 'sample.jsonl');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('trajectories inspector (built app in Chromium)', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  /** Every response that was not found (the favicon was one, on every load). */
  const notFound: string[] = [];
  const count = () => page.getByTestId('match-count').textContent();

  beforeAll(async () => {
    browser = await launchChromium();
    // One context for both tabs of the versionchange check: they share the origin's IndexedDB.
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => {
      if (r.status() === 404) notFound.push(r.url());
    });
    await page.goto(`${inject('baseUrl')}/#/trajectories`);
  });

  it('has a heading and a favicon: nothing on the page load is not found', async () => {
    await page.getByText('No trajectories yet').waitFor();
    expect(await page.getByRole('heading', { name: 'Trajectories', exact: true, level: 2 }).count()).toBe(1);
    const href = await page.locator('link[rel=icon]').getAttribute('href');
    expect(href).toMatch(/favicon\.svg$/);
    const icon = await fetch(new URL(href!, inject('baseUrl')));
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/svg+xml');
    expect(await icon.text()).toContain('<svg');
    expect(notFound).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('imports a JSONL file: good lines appear, bad lines are listed with their numbers', async () => {
    await page.getByText('No trajectories yet').waitFor();
    await page.getByTestId('import-jsonl').setInputFiles(sampleFile());
    const report = page.getByTestId('transfer-report');
    await report.getByText('Imported 30 trajectories from sample.jsonl').waitFor();
    const bad = await page.getByTestId('bad-lines').textContent();
    expect(bad).toContain('3 lines were skipped');
    expect(bad).toMatch(/line 4: not valid JSON/);
    expect(bad).toMatch(/line 9: outcome must be one of correct, improved, incorrect, dropped/);
    expect(bad).toMatch(/line 15: turns must be a non-empty array/);
    await expect.poll(count).toBe('30 trajectories');
    expect(page.url()).toMatch(/#\/trajectories\?run=\d+$/);
  });

  it('filters by outcome, text, kept/dropped and drop reason, and keeps the filters in the URL', async () => {
    await page.getByLabel('Outcome').selectOption('improved');
    await expect.poll(count).toBe('20 trajectories');
    await page.getByLabel('Question contains').fill('case 7]');
    await expect.poll(count).toBe('1 trajectory');
    expect(page.url()).toContain('outcome=improved');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(count).toBe('30 trajectories');
    await page.getByLabel('Training').selectOption('dropped');
    await expect.poll(count).toBe('10 trajectories');
    // The drop reasons present, with their counts in this run; one narrows the list and goes into the URL.
    const training = page.getByLabel('Training');
    expect(await training.locator('option').allTextContents()).toEqual([
      'Kept or dropped',
      'Kept (20)',
      'Dropped, any reason (10)',
      'illegal-improvement (4)',
      'rebalanced away (6)',
    ]);
    await training.selectOption({ label: 'illegal-improvement (4)' });
    await expect.poll(count).toBe('4 trajectories');
    expect(page.url()).toContain('reason=illegal-improvement');
    expect(page.url()).not.toContain('kept=');
    const rows = page.getByRole('listbox', { name: 'Trajectories' }).getByRole('option');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.allTextContents()).toSatisfy((texts: string[]) => texts.every((t) => t.includes('dropped: illegal-improvement: step (1)')));
    await page.getByLabel('Question contains').fill('fig2');
    await expect.poll(count).toBe('1 trajectory');
    await page.getByLabel('Question contains').fill('fig7');
    await page.getByText('No trajectory matches these filters').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Training').selectOption('kept');
    await expect.poll(count).toBe('20 trajectories');
    expect(page.url()).not.toContain('reason=');

    await page.goto(`${inject('baseUrl')}/#/trajectories?reason=rebalanced%20away`);
    await expect.poll(count).toBe('6 trajectories');
    expect(await page.getByLabel('Training').inputValue()).toBe('reason:rebalanced away');

    // A shared link opens the same view.
    await page.goto(`${inject('baseUrl')}/#/trajectories?outcome=improved&q=case%2012`);
    await expect.poll(count).toBe('1 trajectory');
    expect(await page.getByLabel('Outcome').inputValue()).toBe('improved');
    expect(await page.getByLabel('Question contains').inputValue()).toBe('case 12');
  });

  it('shows a trajectory: turns, the wrong segment, the diff and the token weights', async () => {
    await page.goto(`${inject('baseUrl')}/#/trajectories?task=msa`);
    await expect.poll(count).toBe('20 trajectories');
    await page.getByRole('listbox', { name: 'Trajectories' }).getByRole('option').first().click();
    const detail = page.getByTestId('trajectory-detail');
    await detail.getByRole('heading', { name: /Trajectory #\d+/ }).waitFor();
    expect(await detail.locator('mark').first().textContent()).toBe('(-15 + 8) = -6');
    expect(await detail.locator('ins').allTextContents()).toEqual(['-7.', '(-7', '21.', '21.']);
    expect(await detail.locator('del').allTextContents()).toEqual(['-6.', '(-6', '18.', '18.']);
    expect(await detail.getByRole('heading', { name: 'Token weights (w = 1.5)' }).count()).toBe(1);
    const keys = await detail.locator('figcaption .key').allTextContents();
    expect(keys.map((k) => k.replace(/^\d+/, 'N'))).toEqual(['N tokens × 1', 'N tokens × 1.5']);

    // The arrow keys move the selection through the list.
    const firstId = new URL(page.url()).hash.match(/id=(\d+)/)?.[1];
    await page.getByRole('listbox', { name: 'Trajectories' }).press('ArrowDown');
    await expect.poll(() => new URL(page.url()).hash.match(/id=(\d+)/)?.[1]).toBe(String(Number(firstId) + 1));
    await detail.locator('mark').first().waitFor();
    await screenshot(page, 'trajectories');
    await page.setViewportSize({ width: 800, height: 1100 });
    await screenshot(page, 'trajectories-tablet');
    expect(errors).toEqual([]);
  });

  it("exports a run in the authors' layout: a zip of their files, each trajectory in an editor log, and the manifest", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${inject('baseUrl')}/#/trajectories`);
    const button = page.getByRole('button', { name: "Export for the authors' code" });
    // Which run is the filter's choice: with all runs listed there is none to export.
    expect(await button.isDisabled()).toBe(true);
    await page.goto(`${inject('baseUrl')}/#/trajectories?run=1`);
    await expect.poll(count).toBe('30 trajectories');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('tripost-run-1-authors-format.zip');
    const path = join(mkdtempSync(join(tmpdir(), 'tripost-e2e-')), 'authors.zip');
    await download.saveAs(path);
    const files = unzipSync(new Uint8Array(readFileSync(path)));
    const manifest = JSON.parse(strFromU8(files['tripost-playground-manifest.json'])) as { run: { id: number }; iterations: { editor_log?: string; trajectories?: number }[] };
    expect(manifest.run.id).toBe(1);
    const logs = manifest.iterations.filter((it) => it.editor_log);
    expect(logs.reduce((n, it) => n + it.trajectories!, 0)).toBe(30);
    for (const it of logs) {
      const lines = strFromU8(files[it.editor_log!]).trimEnd().split('\n');
      expect(lines).toHaveLength(it.trajectories!);
      lines.forEach((line) => expect(() => JSON.parse(line)).not.toThrow());
    }
    await page.getByText("Saved tripost-run-1-authors-format.zip.").waitFor();
    expect(errors).toEqual([]);
  });

  it('exports a run bundle and imports it back; a damaged bundle and an upgrade in another tab are explained', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${inject('baseUrl')}/#/trajectories?run=1`);
    await expect.poll(count).toBe('30 trajectories');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export run bundle' }).click()]);
    expect(download.suggestedFilename()).toBe('tripost-run-1.zip');
    const zip = join(mkdtempSync(join(tmpdir(), 'tripost-e2e-')), 'run.zip');
    await download.saveAs(zip);
    await page.getByTestId('import-bundle').setInputFiles(zip);
    await page.getByText('Imported run.zip as run #2: 30 trajectories, 0 checkpoints.').waitFor();
    await expect.poll(count).toBe('30 trajectories');
    expect(page.url()).toContain('run=2');
    // The copy is named as one, not the same as the run it came from.
    const runSelect = page.locator('select', { has: page.locator('option', { hasText: 'All runs' }) });
    expect(await runSelect.evaluate((s: HTMLSelectElement) => s.selectedOptions[0].textContent)).toBe('#2 Imported sample.jsonl (imported)');

    const notZip = join(mkdtempSync(join(tmpdir(), 'tripost-e2e-')), 'broken.zip');
    writeFileSync(notZip, 'this is not a zip archive');
    await page.getByTestId('import-bundle').setInputFiles(notZip);
    await page.getByRole('alert').filter({ hasText: 'The bundle is damaged' }).waitFor();

    // Another tab opens the database at a newer version: this tab must say so, not fail silently.
    const other = await page.context().newPage();
    await other.goto(inject('baseUrl'));
    await other.evaluate(
      () => new Promise((resolve, reject) => {
        const request = indexedDB.open('tripost-playground', 1000);
        request.onsuccess = () => { request.result.close(); resolve(null); };
        request.onerror = () => reject(request.error);
      }),
    );
    await page.getByRole('alert').filter({ hasText: 'The database was upgraded in another tab' }).waitFor();
    await page.getByRole('button', { name: 'Reload' }).waitFor();
    await other.close();
    expect(errors).toEqual([]);
  });

  it("Settings' Clear all data empties the list, its runs and its drop reasons", async () => {
    // A fresh context: the tab above left its database at a version this build cannot open.
    const tab = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    tab.on('pageerror', (e) => errors.push(e.message));
    const shown = () => tab.getByTestId('match-count').textContent();
    await tab.goto(`${inject('baseUrl')}/#/trajectories`);
    await tab.getByTestId('import-jsonl').setInputFiles(sampleFile());
    await expect.poll(shown).toBe('30 trajectories');
    await expect.poll(() => tab.getByLabel('Training').locator('option').count()).toBe(5);

    await tab.goto(`${inject('baseUrl')}/#/settings`);
    await tab.getByRole('button', { name: 'Clear all data…' }).click();
    await tab.getByRole('button', { name: 'Delete everything' }).click();
    await tab.getByText('All data was deleted').waitFor();

    await tab.goto(`${inject('baseUrl')}/#/trajectories`);
    await tab.getByText('No trajectories yet').waitFor();
    expect(await shown()).toBe('0 trajectories');
    expect(await tab.getByLabel('Run').locator('option').allTextContents()).toEqual(['All runs']);
    await expect.poll(() => tab.getByLabel('Training').locator('option').allTextContents()).toEqual(['Kept or dropped', 'Kept (0)', 'Dropped, any reason (0)']);
    await tab.context().close();
    expect(errors).toEqual([]);
  });
});

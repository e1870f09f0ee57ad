// Learn page in the built app: step 1 starts from the shipped MSA warm start, whose attempt is a real one in the
// task's format; the later steps take the model's own mistake or fall back to an injected one, as the scripted critic's
// verdict says; a task without a warm start says so; every step can be stepped through (buttons and keys); the mix
// says why its share differs from p; the heat map's shading follows w, with a legend; one training step on the CPU, a
// switch to WebGPU that carries the trained weights over, and one step there.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { generateProblem, scriptedFeedback } from '../../src/tasks';
import type { WarmStartManifest } from '../../src/tripost/warmstart-manifest';
import { launchChromium, screenshot } from '../helpers/browser';

describe('learn page (built app in Chromium)', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const title = () => page.locator('#stage-title').textContent();
  const text = async (id: string) => (await page.getByTestId(id).textContent()) ?? '';
  const generateButton = () => page.getByRole('button', { name: 'Generate the attempt' });

  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${inject('baseUrl')}/#/learn`);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the build ships an MSA warm start (the rest of this file starts from it)', async () => {
    const res = await fetch(`${inject('baseUrl')}/checkpoints/manifest.json`);
    expect(res.status, 'public/checkpoints/manifest.json is missing from the build').toBe(200);
    const manifest = (await res.json()) as WarmStartManifest;
    expect(manifest.checkpoints.map((c) => c.name)).toContain('msa-quick');
  });

  it('generates a real attempt from the warm start; the later steps follow the critic\'s verdict on it', async () => {
    expect(await title()).toBe("1. The model's attempt");
    await expect.poll(() => text('model-note'), { timeout: 60_000 }).toContain('The model is the shipped warm start msa-quick');
    expect(await text('model-note')).toMatch(/fine-tuned on [\d,]+ × \d+ gold rationales at the quick level/);
    expect(await page.getByRole('button', { name: 'Train for 5 s on gold rationales' }).count()).toBe(0);
    // Streaming: the attempt's text grows in several visible updates, not all at once.
    await page.getByTestId('model-attempt').evaluate((el) => {
      const w = window as unknown as { lengths: number[] };
      w.lengths = [];
      new MutationObserver(() => w.lengths.push(el.textContent?.length ?? 0)).observe(el, { childList: true, characterData: true, subtree: true });
    });

    // Up to a few problems: each attempt is in the task's format, and the page's path matches the critic's verdict.
    const seen = new Set<string>();
    for (let index = 0; index < 4; index++) {
      const problem = generateProblem('msa', 'seen', 7, index, 'quick');
      await expect.poll(() => text('prompt')).toBe(problem.prompt);
      expect(await page.getByTestId('attempt-path').getAttribute('data-path')).toBe('not-generated');
      await generateButton().click();
      await expect.poll(() => page.getByTestId('attempt-path').getAttribute('data-path'), { timeout: 60_000 }).not.toBe('not-generated');
      const attempt = await text('model-attempt');
      const lines = attempt.split('\n');
      expect(lines[0]).toMatch(/^\(1\) /);
      expect(lines.at(-1)).toMatch(/^\(Final response\) .*the answer is/);
      const verdict = scriptedFeedback(problem, attempt);
      const path = await page.getByTestId('attempt-path').getAttribute('data-path');
      const said = await text('attempt-path');
      if (verdict.kind === 'error') {
        expect(path).toBe('own-mistake');
        expect(said).toContain(`The critic found a mistake in the model's own attempt, in step (${verdict.step}), so the next steps use this attempt`);
        expect(await page.getByLabel(/use the gold answer with one injected mistake/).isChecked()).toBe(false);
      } else {
        expect(path).toBe('fallback');
        expect(said).toContain(verdict.kind === 'correct' ? 'The model got this one right, so the next steps use the gold answer with one injected mistake' : "could not read the model's attempt as steps");
        expect(await page.getByLabel(/use the gold answer with one injected mistake/).isChecked()).toBe(true);
      }
      if (index === 0) {
        const lengths = await page.evaluate(() => (window as unknown as { lengths: number[] }).lengths);
        expect(new Set(lengths).size).toBeGreaterThan(3);
        await screenshot(page, 'learn-1-attempt');
      }
      seen.add(path!);
      if (seen.size === 2 || index === 3) break;
      await page.getByRole('button', { name: 'Another problem' }).click();
    }

    // Feedback: the attempt the path names, with the critic's located mistake marked.
    const attempt = await text('model-attempt');
    const pathSaid = await text('attempt-path');
    const own = (await page.getByTestId('attempt-path').getAttribute('data-path')) === 'own-mistake';
    await page.getByRole('button', { name: 'Next →' }).click();
    expect(await title()).toBe("2. The critic's feedback");
    expect(await text('feedback-path')).toBe(pathSaid);
    expect(await page.getByTestId('feedback-attempt').locator('mark').count()).toBe(1);
    expect(await text('feedback')).toMatch(/Feedback: .*is incorrect/);
    if (own) expect(await text('feedback-attempt')).toBe(attempt);
    else expect(await text('feedback-attempt')).not.toBe(attempt);
    await screenshot(page, 'learn-2-feedback');

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

  it('the teacher can override the path: the injected mistake instead of the model\'s own, and back', async () => {
    await page.getByRole('button', { name: '1. The model' }).click();
    const box = page.getByLabel(/use the gold answer with one injected mistake/);
    const path = () => page.getByTestId('attempt-path').getAttribute('data-path');
    const before = await path();
    await box.click();
    expect(await path()).toBe(before === 'own-mistake' ? 'chosen-injected' : 'chosen-own');
    await box.click();
    expect(await path()).toBe(before);
  });

  it('the training mix says why its improvement share differs from p (rounded counts, or too few examples)', async () => {
    await page.getByRole('button', { name: '4. Post-processing' }).click();
    const p = page.getByLabel(/^p = /);
    await p.fill('0.43');
    await expect.poll(() => text('mix-note')).toContain('p = 0.43 asks for 43% improvement examples');
    expect(await text('mix-note')).toMatch(/Counts are whole numbers, so that rounds up to \d+ directly-correct and \d+ gold/);
    await p.fill('0.1');
    await expect.poll(() => text('mix-note')).toContain('p = 0.10 asks for 10% improvement examples');
    const note = await text('mix-note');
    expect(note).toMatch(/This batch has only \d+ directly-correct and \d+ gold examples, so all of them are used/);
    const share = note.match(/make up (\d+%) of the mix/)?.[1];
    expect(share).not.toBe('10%');
    expect(await text('mix')).toContain(`(${share})`);
    await screenshot(page, 'learn-4-p-0.1');
  });

  it('the heat map follows w: the shade of the weighted tokens grows with w, on a scale with a legend', async () => {
    await page.getByRole('button', { name: '5. The weighted loss' }).click();
    expect(await title()).toBe('5. The weighted loss');
    const heat = page.getByTestId('heatmap');
    const alpha = (weight: string) =>
      heat.locator(`pre span[title="weight ${weight}"]`).evaluate((el) => Number(getComputedStyle(el).backgroundColor.match(/[\d.]+(?=\)$)/)?.[0] ?? 1));
    await heat.locator('span[title="weight 1.5"]').waitFor();
    const [light, at15] = [await alpha('1'), await alpha('1.5')];
    expect(at15 / light).toBeCloseTo(1.5, 1);
    await page.getByLabel(/^Weight w = /).fill('4');
    await heat.locator('span[title="weight 4"]').waitFor();
    expect(await heat.locator('span[title="weight 1.5"]').count()).toBe(0);
    expect(await heat.textContent()).toContain('tokens × 4');
    expect(await alpha('4')).toBeGreaterThan(at15 + 0.3);
    expect(await alpha('1')).toBeCloseTo(light, 3);
    const legend = page.getByTestId('weight-legend');
    expect(await legend.textContent()).toContain('none at weight 0, strongest at weight 5');
    expect(await legend.locator('li').allTextContents()).toEqual([
      '0: padding, which the loss skips (this text has none)',
      '1: every token before the first Feedback:',
      'w = 4: from the first Feedback: to the end',
    ]);
    await screenshot(page, 'learn-5-weights');
  });

  it('a task without a warm start says none is shipped and keeps the untrained preset with its warm-up', async () => {
    await page.getByRole('button', { name: '1. The model' }).click();
    await page.getByLabel('Task').selectOption('du');
    await expect.poll(() => text('model-note')).toContain('No warm start is shipped for Date understanding');
    expect(await text('model-note')).toContain('its attempt will be noise until trained');
    expect(await text('warmup')).toContain('Untrained model (random weights).');
    expect(await page.getByRole('button', { name: 'Train for 5 s on gold rationales' }).count()).toBe(1);
    expect(await page.getByRole('combobox', { name: /^Model/ }).inputValue()).toBe('nano');
    await screenshot(page, 'learn-1-no-warm-start');
    await page.getByLabel('Task').selectOption('msa');
    await expect.poll(() => text('model-note'), { timeout: 60_000 }).toContain('The model is the shipped warm start msa-quick');
  });

  it('a warm start or manifest that fails to load is named with the reason, and the untrained preset takes over', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const other = await context.newPage();
    other.on('pageerror', (e) => errors.push(e.message));
    await other.route('**/checkpoints/msa-quick.safetensors', (route) => route.fulfill({ status: 500, body: 'no' }));
    await other.goto(`${inject('baseUrl')}/#/learn`);
    const note = other.getByTestId('model-note');
    await expect.poll(() => note.textContent(), { timeout: 60_000 }).toContain('The shipped warm start msa-quick could not be loaded (');
    expect(await note.textContent()).toContain('answered 500');
    expect(await note.textContent()).toContain('the model is an untrained nano with the character tokenizer and its attempt will be noise until trained');
    await other.unroute('**/checkpoints/msa-quick.safetensors');
    await other.route('**/checkpoints/manifest.json', (route) => route.fulfill({ status: 500, body: 'no' }));
    await other.reload();
    await expect.poll(() => note.textContent(), { timeout: 60_000 }).toContain('The list of shipped warm starts could not be read (');
    expect(await note.textContent()).toContain('so no warm start is used for Multistep arithmetic');
    await other.unroute('**/checkpoints/manifest.json');
    await other.route('**/checkpoints/manifest.json', (route) => route.fulfill({ status: 404, body: 'no' }));
    await other.reload();
    await expect.poll(() => note.textContent(), { timeout: 60_000 }).toContain('This build ships no warm starts (');
    await context.close();
  });

  it('one training step on the CPU; switching to WebGPU carries the weights over; one step there lowers the loss', async () => {
    const loss = async (id: string) => Number(await text(id));
    const trainOnce = async () => {
      await page.getByRole('button', { name: 'Run one training step' }).click();
      await expect.poll(() => text('loss-after'), { timeout: 120_000 }).toMatch(/^\d/);
    };
    await page.getByRole('button', { name: '6. One training step' }).click();
    expect(await title()).toBe('6. One training step');
    await trainOnce();
    const cpuAfter = await loss('loss-after');
    expect(cpuAfter).toBeLessThan(await loss('loss-before'));

    await page.getByRole('button', { name: '1. The model' }).click();
    await page.getByLabel('Backend').selectOption('webgpu');
    await expect.poll(() => page.getByTestId('carried').count(), { timeout: 120_000 }).toBe(1);
    expect(await text('carried')).toContain('with the 1 training step taken on this page, moved from the CPU backend to WebGPU');
    await page.getByRole('button', { name: 'Next →' }).click();
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Next →' }).click();
    expect(await title()).toBe('6. One training step');
    await trainOnce();
    // The loss before the WebGPU step is the CPU's loss after its step: the same weights, not a fresh model.
    expect(Math.abs((await loss('loss-before')) - cpuAfter)).toBeLessThan(2e-3);
    expect(await loss('loss-after')).toBeLessThan(await loss('loss-before'));
    expect(await page.getByText('on the webgpu backend').count()).toBe(1);
    await screenshot(page, 'learn-6-train');
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.getByRole('button', { name: "2. The critic's feedback" }).click();
    await screenshot(page, 'learn-2-feedback-tablet');
    expect(errors).toEqual([]);
  });
});

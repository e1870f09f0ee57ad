// Evaluation answers in the built app: a run with hand-made evaluation transcripts is written into the app's
// IndexedDB, then its answers are read on the Trajectories page (the model and split chosen, the filters, the checker's
// first wrong step marked, model text shown as text) and on the Demo page, at desktop and phone width
// (test-results/eval-answers-*.png).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../helpers/browser';
import type { EvalAnswer, JsonObject } from '../../src/store';
import { generateProblem, isCorrectAnswer, type Problem } from '../../src/tasks';
import { DEFAULT_CONFIG } from '../../src/tripost/config';
import { siMetrics, type EvalTranscript } from '../../src/tripost/evaluate';
import { evalAnswers } from '../../src/tripost/eval-answers';

const CONFIG = { ...DEFAULT_CONFIG, task: 'msa', level: 'quick', tokenizer: 'task', iterations: 1, evalProblems: 4 } as unknown as JsonObject;
const INJECTED = '<img src=x onerror="window.injected=1"><b>bold</b>';

/** Step (2)'s result one too high, and the final answer: the checker's first wrong step is (2). */
function wrong(p: Problem): string {
  const lines = p.rationale.split('\n');
  lines[1] = lines[1].replace(/(-?\d+)\.$/, (_, n: string) => `${Number(n) + 1}.`);
  lines[lines.length - 1] = `(Final response) So the answer is ${Number(p.answer) + 1}.`;
  return lines.join('\n');
}

/** One evaluation: the model's attempts per problem (two attempts: it wrote an "Updated Answer"). */
function evaluation(iteration: number, split: 'seen' | 'unseen', createdAt: number, attempts: ((p: Problem) => string[])[]) {
  const problems = attempts.map((_, i) => generateProblem('msa', split, 7, i, 'quick'));
  const transcripts: EvalTranscript[] = problems.map((p, i) => {
    const texts = attempts[i](p);
    const turns = texts.map((attempt, k) => ({ attempt, feedback: k === 0 && texts.length === 1 ? INJECTED : 'In step (2) the part "x" is incorrect.' }));
    return { problemId: p.id, turns, selfImproved: texts.length > 1, initialCorrect: isCorrectAnswer(p, texts[0]), finalCorrect: isCorrectAnswer(p, texts.at(-1)!) };
  });
  const answers: EvalAnswer[] = evalAnswers(problems, transcripts);
  return { iteration, model: iteration ? `tripost-${iteration}` : 'ft-rationale', task: 'msa', split, ...siMetrics(transcripts), answers, createdAt };
}

const right = (p: Problem) => [p.rationale];
const EVALS = [
  evaluation(0, 'seen', 1, [right, (p) => [wrong(p)]]),
  // Right; fixed by its own update; broken by it; wrong without noticing.
  evaluation(1, 'seen', 2, [right, (p) => [wrong(p), p.rationale], (p) => [p.rationale, wrong(p)], (p) => [wrong(p)]]),
  evaluation(1, 'unseen', 3, [(p) => [wrong(p)], (p) => [wrong(p)]]),
];

describe('evaluation answers (built app in Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let runId: number;
  const errors: string[] = [];
  const words = (text: string | null) => text?.replace(/\s+/g, ' ').trim();
  const summary = () => page.getByTestId('eval-summary').textContent().then(words);
  const answers = () => page.getByTestId('eval-answer');

  async function expectNoSidewaysScroll(): Promise<void> {
    const w = await page.evaluate(() => ({ viewport: window.innerWidth, document: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
    expect(w.document).toBeLessThanOrEqual(w.viewport);
    expect(w.body).toBeLessThanOrEqual(w.viewport);
  }

  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    // The app creates its database; the run and its evaluations go in beside it, as the pipeline writes them.
    await page.goto(`${inject('baseUrl')}/#/trajectories`);
    await page.getByText('No trajectories yet').waitFor();
    runId = await page.evaluate(
      ({ config, evals }: { config: unknown; evals: Record<string, unknown>[] }) =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('tripost-playground');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['runs', 'evals'], 'readwrite');
            const now = Date.now();
            const add = tx.objectStore('runs').add({ name: 'answers', config, status: 'done', lastCompleted: { iteration: 1, stage: 'evaluate' }, current: null, createdAt: now, updatedAt: now });
            add.onsuccess = () => {
              for (const e of evals) tx.objectStore('evals').add({ ...e, runId: add.result });
            };
            tx.oncomplete = () => resolve(add.result as number);
            tx.onerror = () => reject(tx.error);
          };
        }),
      { config: CONFIG as unknown, evals: EVALS as unknown as Record<string, unknown>[] },
    );
    // As a visitor would come to it: the page reads the runs there are now.
    await page.reload();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('Trajectories: the newest evaluation first, then any model and split, filtered, the first wrong step marked', async () => {
    await page.goto(`${inject('baseUrl')}/#/trajectories?view=answers&run=${runId}`);
    await expect.poll(summary).toMatch(/^after iteration 1 \(tripost-1\) on unseen problems: 2 problems, accuracy 0%/);
    expect(await page.getByLabel('Run').locator('option:checked').textContent()).toBe(`#${runId} answers`);
    await page.getByLabel('Split').selectOption('seen');
    await expect.poll(summary).toMatch(/on seen problems: 4 problems, accuracy 50%, SI\.Freq 50%, SI\.Contrib 50%/);
    const filters = page.getByRole('group', { name: 'Show answers' }).getByRole('button');
    expect(await filters.allTextContents()).toEqual(['All (4)', 'Correct (2)', 'Wrong (2)', 'Self-improved (2)', 'Fixed itself (1)', 'Broke itself (1)']);

    await filters.filter({ hasText: 'Wrong' }).click();
    await expect.poll(() => answers().count()).toBe(2);
    expect(await answers().evaluateAll((els) => els.map((e) => [e.getAttribute('data-correct'), e.getAttribute('data-si')]))).toEqual([['false', 'broke'], ['false', 'none']]);

    await filters.filter({ hasText: 'Fixed itself' }).click();
    await expect.poll(() => answers().count()).toBe(1);
    const fixed = answers().first();
    expect(await fixed.locator('.badge').allTextContents()).toEqual(['correct', 'fixed itself']);
    // The first attempt's step (2) holds the checker's mark; the updated answer has none.
    const first = fixed.getByRole('region', { name: 'First attempt' });
    const mark = first.locator('mark');
    expect(await mark.count()).toBe(1);
    const line = await first.locator('pre').evaluate((pre) => pre.textContent!.split('\n').find((l) => l.includes(pre.querySelector('mark')!.textContent!)));
    expect(line).toMatch(/^\(2\) /);
    expect(await first.getByTestId('check').textContent()).toContain(`Checker: first wrong step (2), the part “${(await mark.textContent())!.trim()}”`);
    expect(await fixed.getByRole('region', { name: 'Updated answer 1' }).locator('mark').count()).toBe(0);
    expect(await fixed.getByRole('region', { name: 'Updated answer 1' }).getByTestId('check').textContent()).toBe('Checker: every step is right.');
    await screenshot(page, 'eval-answers-fixed');

    // The model's words are text, never markup.
    await filters.filter({ hasText: 'All' }).click();
    await expect.poll(() => answers().count()).toBe(4);
    expect(await page.getByTestId('eval-answers').locator('img, b').count()).toBe(0);
    expect(await page.getByTestId('eval-answers').textContent()).toContain(`Model's feedback: ${INJECTED}`);
    expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBeUndefined();
    await screenshot(page, 'eval-answers-trajectories');

    await page.getByLabel('Evaluated model').selectOption({ label: 'ft rationale (iteration 0)' });
    await expect.poll(summary).toMatch(/^ft rationale \(iteration 0\) on seen problems: 2 problems/);
    expect(errors).toEqual([]);
  });

  it('Demo shows the run’s answers, and both pages fit a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${inject('baseUrl')}/#/demo?run=${runId}`);
    const panel = page.getByRole('region', { name: 'Evaluation answers' });
    await expect.poll(() => panel.getByTestId('eval-summary').textContent().then(words)).toMatch(/^after iteration 1 \(tripost-1\) on unseen problems/);
    expect(await panel.getByTestId('eval-answer').count()).toBe(2);
    await panel.getByRole('button', { name: /^Wrong/ }).waitFor();
    await expectNoSidewaysScroll();
    await panel.screenshot({ path: 'test-results/eval-answers-demo-phone.png' });

    await page.goto(`${inject('baseUrl')}/#/trajectories?view=answers&run=${runId}`);
    await page.getByLabel('Split').selectOption('seen');
    await expect.poll(() => answers().count()).toBe(4);
    await expectNoSidewaysScroll();
    await screenshot(page, 'eval-answers-phone');
    expect(errors).toEqual([]);
  });
});

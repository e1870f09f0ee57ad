// Reloading the built app in the middle of a Demo run's training stage and of its evaluation, then resuming: judged on
// what the store holds (the app's IndexedDB, read with the plain API) and on what the reopened page shows. No training
// step or evaluation problem is repeated or lost, the counts are those an uninterrupted run plans, and the reopened run
// shows its stored trajectories, loss and training mix (test-results/reload-resume-*.png). The page holds the store the
// worker writes next (store-hold.ts), so each reload comes at the same point however fast or loaded the machine is.
// cpu backend: SwiftShader is too slow here.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../helpers/browser';
import { storedRows, storedRun } from '../helpers/app-store';
import { holdStore, openHolder, stepStoreUntil } from '../helpers/store-hold';
import { withConfigDefaults, type RunConfig } from '../../src/tripost/config';
import { fitContext, tokenizeExample } from '../../src/tripost/batches';
import { heldOutProblems } from '../../src/tripost/warmstart';
import { tokenizerFor } from '../../src/tokenizers';
import type { EvalProgressRow, TrainingExample } from '../../src/store';

/** MSA at the easy level on nano, two training problems: every stage in seconds. */
const TINY = 'task=msa&level=easy&tok=task&preset=nano&warm=0&backend=cpu&n=2&sft=1&baselines=0';
/**
 * One iteration, its weighted training tens of steps (25 epochs) with a training checkpoint every 4 steps instead of
 * every 10 s or more, so the reload comes after the stage's first checkpoint and before its second.
 */
const TRAINING_RUN = `${TINY}&t=1&eval=2&epochs=25&ctx=256&ckptevery=4&seed=5`;
/** No iteration: the initial fine-tune, then an evaluation of eight generation batches a split. */
const EVALUATION_RUN = `${TINY}&t=0&eval=16&ctx=128&seed=6`;
/** Timeline rows: (0) fine-tune, (1) evaluate, then per iteration (2) edit, (3) post-process, (4) train, (5) evaluate. */
const EVALUATE_ROW = 1;

/** The weighted-training steps an uninterrupted run plans: every epoch, one step per batch of the examples that fit. */
function plannedSteps(config: RunConfig, examples: TrainingExample[]): number {
  const tok = tokenizerFor(config.tokenizer);
  const { fit } = fitContext(examples.map((e) => tokenizeExample(e, tok, config.w, config.attemptWeight)), config.contextLength);
  return config.epochs * Math.ceil(fit.length / config.batchSize);
}

const steps = (points: { step: number }[]) => points.map((p) => p.step).sort((a, b) => a - b);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('reload and resume (built app in Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The Demo page set up for `settings` with an empty store, its errors collected. */
  async function openDemo(errors: string[], settings: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    await page.goto(`${inject('baseUrl')}/#/demo?${settings}`);
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    return page;
  }

  /** Presses Run; the run is stored (and its id in the address) once the hold lets the page's write through. */
  const run = (page: Page) => page.getByRole('button', { name: 'Run', exact: true }).click();
  const runIdOf = (page: Page) => Number(new URL(page.url()).hash.match(/run=(\d+)/)?.[1]);

  const phase = (page: Page) => page.getByTestId('phase').getAttribute('data-phase');
  const words = (text: string | null) => text?.replace(/\s+/g, ' ').trim();

  it('mid-training: the stored steps are kept, the rest made once, and the reopened run shows its trajectories and loss', async () => {
    const errors: string[] = [];
    const page = await openDemo(errors, TRAINING_RUN);
    const holder = await openHolder(page.context(), inject('baseUrl'));
    // Chunks are written by every checkpoint, model or training one, and read by nothing the page shows.
    await holdStore(holder, 'checkpointChunks', 'keys');
    await run(page);
    // Chunks of two checkpoints: the initial fine-tune's model and the weighted training's first checkpoint (a
    // stage's training checkpoint replaces its last, and goes when the stage ends). The second waits for the hold.
    const checkpointIds = (keys: [number, number][]) => new Set(keys.map(([checkpointId]) => checkpointId)).size;
    await stepStoreUntil<[number, number]>(holder, 'checkpointChunks', (keys) => checkpointIds(keys) === 2, 'keys');
    const runId = runIdOf(page);
    await page.reload();
    // Released after the reload: the old worker went with its write still waiting, so nothing past the held point is stored.
    await holder.close();
    await expect.poll(() => phase(page), { timeout: 20_000 }).toBe('interrupted');

    const mark = (await storedRows(page, 'checkpoints', runId)).find((c) => c.training)!.training!;
    // The stage's first checkpoint; the steps made after it, up to the second, were lost with the page.
    expect(mark).toMatchObject({ stage: 'train', step: 4 });
    expect((await storedRun(page, runId)).lastCompleted).toEqual({ iteration: 1, stage: 'postprocess' });
    const lossOf = async (series: string) => (await storedRows(page, 'metrics', runId)).filter((m) => m.series === series);
    const keptPoints = await lossOf('train/loss');
    // The loss points up to the checkpoint, each once; nothing after it.
    expect(steps(keptPoints)).toEqual(oneTo(mark.step));
    const finetuneSteps = (await lossOf('finetune/loss')).length;
    const trajectories = await storedRows(page, 'trajectories', runId);
    expect(trajectories).toHaveLength(2);

    // The reopened run: its trajectories in the feed, its stored loss and training mix, and where it will go on from.
    const feed = page.getByTestId('trajectory-feed').locator('li .badge');
    await expect.poll(() => feed.count(), { timeout: 10_000 }).toBe(trajectories.length);
    expect(await page.getByTestId('loss-chart').getAttribute('data-points')).toBe(String(finetuneSteps + mark.step));
    const examples = await storedRows(page, 'examples', runId);
    const ofKind = (kind: string) => examples.filter((e) => e.kind === kind).length;
    expect(words(await page.getByTestId('training-mix').textContent())).toBe(`mix: ${ofKind('improvement')} improvement, ${ofKind('correct')} directly correct, ${ofKind('gold')} gold examples`);
    expect(words(await page.getByTestId('phase').textContent())).toContain(`interrupted in Weighted training (iteration 1), after step ${mark.step} of ${mark.total}`);
    // The interrupted stage's row is where the run stands (not greyed as one to come): its kept steps, no rate or ETA.
    const standing = page.locator('[data-testid=stage][data-state=active]');
    expect(await standing.count()).toBe(1);
    expect(words(await standing.locator('.numbers').textContent())).toBe(`${mark.step}/${mark.total} steps`);
    await screenshot(page, 'reload-resume-training-reopened');

    await page.getByTestId('pause-resume').click(); // Resume
    await expect.poll(() => phase(page), { timeout: 60_000, interval: 250 }).toBe('done');
    const config = withConfigDefaults((await storedRun(page, runId)).config as unknown as RunConfig);
    const planned = plannedSteps(config, examples);
    const trained = await lossOf('train/loss');
    // Every planned step once, in order; the points stored before the reload are the same rows, not made again.
    expect(steps(trained)).toEqual(oneTo(planned));
    expect(planned).toBe(mark.total);
    expect(trained.filter((p) => p.step <= mark.step)).toEqual(keptPoints);
    expect((await storedRows(page, 'checkpoints', runId)).filter((c) => c.training)).toEqual([]);
    expect(await storedRows(page, 'trajectories', runId)).toEqual(trajectories);
    expect(await page.getByTestId('loss-chart').getAttribute('data-points')).toBe(String(finetuneSteps + planned));
    await screenshot(page, 'reload-resume-training-done');
    expect(errors).toEqual([]);
  });

  it('mid-evaluation: finished problems are kept and not evaluated again, and every planned problem is evaluated once', async () => {
    const errors: string[] = [];
    const page = await openDemo(errors, EVALUATION_RUN);
    const holder = await openHolder(page.context(), inject('baseUrl'));
    await holdStore(holder, 'evalProgress');
    await run(page);
    // Reloaded once a generation batch of the evaluation is stored (the store is this test's own, a new browser
    // context's, so the rows are the run's); the next batch waits for the hold.
    const finishedOf = (rows: EvalProgressRow[]) => rows.filter((r) => r.context === null);
    const reached = await stepStoreUntil<EvalProgressRow>(holder, 'evalProgress', (rows) => finishedOf(rows).length >= 2);
    const runId = runIdOf(page);
    await page.reload();
    // Released after the reload: the old worker went with its write still waiting, so nothing past the held point is stored.
    await holder.close();
    await expect.poll(() => phase(page), { timeout: 20_000 }).toBe('interrupted');

    const config = withConfigDefaults((await storedRun(page, runId)).config as unknown as RunConfig);
    const planned = (['seen', 'unseen'] as const).map((split) => ({ split, ids: heldOutProblems(config.task, config.level ?? 'paper', split, config.evalProblems, config.seed).map((p) => p.id) }));
    const total = planned.reduce((n, p) => n + p.ids.length, 0);
    const kept = finishedOf(await storedRows(page, 'evalProgress', runId));
    // What the store held when the page went, in the seen split: the batch after it was lost with the page.
    expect(kept).toEqual(finishedOf(reached));
    expect(await storedRows(page, 'evals', runId)).toEqual([]);
    expect((await storedRun(page, runId)).lastCompleted).toEqual({ iteration: 0, stage: 'finetune' });
    const keptCount = kept.length;
    expect(words(await page.getByTestId('phase').textContent())).toContain(`interrupted in Evaluate (before the first iteration), after problem ${keptCount} of ${total}`);
    expect(words(await page.locator('[data-testid=stage][data-state=active] .numbers').textContent())).toBe(`${keptCount}/${total} problems`);
    await screenshot(page, 'reload-resume-evaluation-reopened');

    // Every count the evaluation's row shows from the resume on.
    await page.evaluate((i) => {
      const shown: string[] = ((window as unknown as { shownCounts: string[] }).shownCounts = []);
      const numbers = document.querySelectorAll('[data-testid="stage"]')[i].querySelector('.numbers')!;
      new MutationObserver(() => shown.push(numbers.textContent ?? '')).observe(numbers, { subtree: true, childList: true, characterData: true });
    }, EVALUATE_ROW);
    await page.getByTestId('pause-resume').click(); // Resume
    await expect.poll(() => phase(page), { timeout: 60_000, interval: 250 }).toBe('done');

    const evals = await storedRows(page, 'evals', runId);
    expect(evals.map((e) => e.split).sort()).toEqual(['seen', 'unseen']);
    for (const { split, ids } of planned) {
      const record = evals.find((e) => e.split === split)!;
      expect(record.n).toBe(ids.length);
      // One answer per planned problem, in order: none lost, none twice.
      expect(record.answers!.map((a) => a.problem.id)).toEqual(ids);
      for (const row of kept.filter((r) => r.split === split)) {
        const answer = record.answers!.find((a) => a.problem.id === row.problemId)!;
        expect(answer.turns.map(({ attempt, feedback }) => ({ attempt, ...(feedback !== undefined && { feedback }) }))).toEqual(row.turns);
      }
    }
    expect(await storedRows(page, 'evalProgress', runId)).toEqual([]);
    // The count goes on from the problems kept: a finished problem evaluated again would take it back below them.
    const counts = (await page.evaluate(() => (window as unknown as { shownCounts: string[] }).shownCounts))
      .map((text) => text.match(/^\s*(\d+)\/(\d+) problems/))
      .filter((m) => m !== null)
      .map((m) => Number(m[1]));
    expect(counts.length).toBeGreaterThan(0);
    expect(counts[0]).toBe(keptCount);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(total);
    await screenshot(page, 'reload-resume-evaluation-done');
    expect(errors).toEqual([]);
  });
});

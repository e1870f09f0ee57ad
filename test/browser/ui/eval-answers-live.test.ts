// The Demo page's evaluation answers during a run: each evaluation the pipeline stores shows as soon as its event
// arrives, the newest first, until the user picks one; then a new evaluation does not take the view away.
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import EvalAnswersPanel from '../../../src/ui/demo/EvalAnswersPanel.svelte';
import { RunView } from '../../../src/ui/demo/run-view.svelte';
import { appDb } from '../../../src/ui/app-db.svelte';
import { createRun, deleteRun, saveEvals, type EvalAnswer, type JsonObject } from '../../../src/store';
import { DEFAULT_CONFIG } from '../../../src/tripost/config';

const CONFIG = { ...DEFAULT_CONFIG, iterations: 1 } as unknown as JsonObject;

function answers(iteration: number, n: number): EvalAnswer[] {
  return Array.from({ length: n }, (_, i) => ({
    problem: { id: `p${iteration}-${i}`, question: `question ${i} of iteration ${iteration}`, answer: '1' },
    turns: [{ attempt: '(Final response) So the answer is 1.', check: 'correct' }],
    selfImproved: false,
    initialCorrect: true,
    finalCorrect: true,
  }));
}

const text = (sel: string) => document.querySelector(sel)?.textContent?.replace(/\s+/g, ' ').trim();
const count = () => document.querySelectorAll('[data-testid=eval-answer]').length;

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  flushSync();
  expect(check()).toBe(true);
}

describe('evaluation answers on the Demo page', () => {
  let component: ReturnType<typeof mount> | undefined;
  let runId: number | undefined;
  afterEach(async () => {
    if (component) unmount(component);
    component = undefined;
    document.body.innerHTML = '';
    if (runId !== undefined) await deleteRun(await appDb.get(), runId);
  });

  it('shows each evaluation when it is stored, the newest until the user picks another', async () => {
    const db = await appDb.get();
    runId = await createRun(db, 'live answers', CONFIG);
    const run = new RunView({ id: runId, config: CONFIG, status: 'running' });
    component = mount(EvalAnswersPanel, { target: document.body, props: { run } });
    await until(() => text('[data-testid=eval-answers]')?.startsWith('No evaluation yet') ?? false);

    /** The pipeline stores an evaluation, then tells the page. */
    async function evaluated(iteration: number, split: 'seen' | 'unseen', n: number, createdAt: number) {
      const metrics = { accuracy: 1, siFreq: 0, siContrib: 0, n };
      await saveEvals(db, [{ runId: runId!, iteration, model: iteration ? `tripost-${iteration}` : 'ft-rationale', task: 'msa', split, ...metrics, answers: answers(iteration, n), createdAt }]);
      run.apply({ type: 'eval', runId: runId!, iteration, split, metrics });
    }

    await evaluated(0, 'seen', 2, 1);
    await until(() => count() === 2);
    expect(text('[data-testid=eval-summary]')).toMatch(/^ft rationale \(iteration 0\) on seen problems: 2 problems/);

    await evaluated(1, 'seen', 3, 2);
    await until(() => count() === 3);
    expect(text('[data-testid=eval-summary]')).toMatch(/^after iteration 1 \(tripost-1\) on seen problems: 3 problems/);

    // The user goes back to iteration 0; the unseen evaluation that arrives next is listed, not shown in its place.
    const model = document.querySelector<HTMLSelectElement>('select')!;
    model.value = '0';
    model.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => count() === 2);
    await evaluated(1, 'unseen', 4, 3);
    await new Promise((r) => setTimeout(r, 300));
    flushSync();
    expect(text('[data-testid=eval-summary]')).toMatch(/^ft rationale \(iteration 0\) on seen problems: 2 problems/);
    const splits = () => [...document.querySelectorAll('select')[1].options].map((o) => o.value).join();
    model.value = '1';
    model.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => splits() === 'seen,unseen');
    expect(text('[data-testid=eval-summary]')).toMatch(/on seen problems: 3 problems/);
  });
});

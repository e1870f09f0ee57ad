// The Demo page's error banner, on the real page, session and pipeline: a dead LLM endpoint and too little training
// data (in the real worker) and a full disk (the controller in the page, its database failing like IndexedDB's
// QuotaExceededError), live and read back from the store after a reload, with the same title, the stage, and Resume
// only where resuming can help; and the note other pages show.
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import App from '../../../src/ui/App.svelte';
import DemoPage from '../../../src/ui/demo/DemoPage.svelte';
import { DemoSession, demoSession } from '../../../src/ui/demo/demo-session.svelte';
import { choicesFromQuery, defaultChoices, runConfigOf } from '../../../src/ui/demo/demo-config';
import { keepRunError, LAST_RUN_ERROR_KEY, lastRunError, unrecordedError } from '../../../src/ui/demo/last-run-error';
import { describeRunError } from '../../../src/ui/demo/run-errors';
import { appDb } from '../../../src/ui/app-db.svelte';
import { router } from '../../../src/ui/router.svelte';
import { LlmSettings } from '../../../src/ui/settings/llm-settings.svelte';
import { createDb, getRun, StorageFull } from '../../../src/store';
import { PipelineClient } from '../../../src/worker/client';
import { toWorkerError } from '../../../src/worker/errors';
import { createPipelineRun } from '../../../src/tripost/run';
import { inThreadWorker } from '../../helpers/in-thread-worker';
import { installQuotaFault, QUOTA_SHAPES } from '../../unit/store/quota-fault';

/** The smallest run that reaches the edit stage soon: nano on the cpu backend, four problems, one epoch. */
const RUN = 'task=ws&preset=nano&warm=0&backend=cpu&n=4&eval=1&t=1&epochs=1&sft=1&ctx=384&baselines=0&seed=3';
/** Chromium refuses this port before any packet is sent: a connection failure, every time, at once. */
const DEAD = 'http://127.0.0.1:1/v1';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** The Demo page on `session` (a new one is a reloaded tab), on the app's database. */
function openDemo(session: DemoSession): void {
  const app = mount(DemoPage, { target: document.body, props: { session } });
  cleanup.push(() => unmount(app));
}

/** Leaves the page (the last one opened). */
function closeDemo(): void {
  cleanup.pop()!();
  document.body.innerHTML = '';
}

function banner(): { title: string; stage: string; message: string; resume: HTMLButtonElement | null } | null {
  const el = document.querySelector('[data-testid=run-error]');
  if (!el) return null;
  const text = (sel: string) => el.querySelector(sel)?.textContent?.trim() ?? '';
  return { title: text('strong'), stage: text('[data-testid=run-error-stage]'), message: text('.message'), resume: el.querySelector('button') };
}

const shown = (title: string) => expect.poll(() => banner()?.title, { timeout: 90_000, interval: 200 }).toBe(title);

/** A button of the run controls (not the banner's) by its words. */
function control(name: string): HTMLButtonElement {
  return [...document.querySelectorAll<HTMLButtonElement>('[aria-label="Run controls"] button')].find((b) => b.textContent === name)!;
}

const phase = () => document.querySelector('[data-testid=phase]')?.getAttribute('data-phase');

function clickRun(): void {
  control('Run').click();
}

/** Real pipeline workers, ended after the test. */
function realWorkers(): () => PipelineClient {
  const clients: PipelineClient[] = [];
  cleanup.push(() => clients.forEach((c) => c.terminate()));
  return () => {
    clients.push(new PipelineClient());
    return clients.at(-1)!;
  };
}

async function freshApp(query: string): Promise<void> {
  await appDb.clearAll();
  cleanup.push(() => appDb.clearAll());
  cleanup.push(() => localStorage.removeItem(LAST_RUN_ERROR_KEY));
  history.replaceState(null, '', `#/demo?${query}`);
  cleanup.push(router.start());
}

describe('run error banner on the Demo page', () => {
  it('a dead LLM endpoint: says where and what to do, at which stage, with Resume; the same after a reload', async () => {
    await freshApp(`${RUN}&critic=llm`);
    const llm = new LlmSettings();
    Object.assign(llm, { baseURL: DEAD, model: 'gone' });
    await llm.save(await appDb.get());
    const newClient = realWorkers();

    const session = new DemoSession(newClient);
    openDemo(session);
    clickRun();
    await shown('The LLM endpoint does not answer.');
    const live = banner()!;
    const message = `The LLM endpoint at ${DEAD} did not answer (connection failed after 4 tries) for 3 trajectories in a row. Check it is running, or Settings → Test connection, then Resume.`;
    expect(live.message).toBe(message);
    expect(live.stage).toBe('Stopped during edit of iteration 1.');
    expect(live.resume?.disabled).toBe(false);
    const runId = Number(router.param('run'));
    expect((await getRun(await appDb.get(), runId)).error).toEqual({
      name: 'LlmEndpointDown', message, stage: { iteration: 1, stage: 'edit' }, resumable: true, llmKind: 'unreachable',
    });

    // Another page and back: the same session, once it has looked at the store again, still shows the error as it came.
    closeDemo();
    openDemo(session);
    await session.show([runId]);
    flushSync();
    expect(banner()).toMatchObject({ title: 'The LLM endpoint does not answer.', message, stage: 'Stopped during edit of iteration 1.' });

    // A reload: a new session reads the failure back from the store, with its title and Resume.
    closeDemo();
    openDemo(new DemoSession(newClient));
    await shown('The LLM endpoint does not answer.');
    expect(banner()).toMatchObject({ message, stage: 'Stopped during edit of iteration 1.' });
    expect(banner()!.resume?.disabled).toBe(false);

    // Resume runs it again from the edit stage; the endpoint is still dead, so it stops the same way.
    banner()!.resume!.click();
    await expect.poll(() => banner(), { timeout: 5_000 }).toBeNull();
    await shown('The LLM endpoint does not answer.');
    expect(banner()?.stage).toBe('Stopped during edit of iteration 1.');
  });

  it('too little training data: titled so, with no Resume, live and after a reload', async () => {
    await freshApp(RUN);
    // A stored run that cannot keep enough examples: resuming it can only fail the same way.
    const config = { ...runConfigOf(choicesFromQuery(new URLSearchParams(RUN), defaultChoices('cpu'))), minTrainExamples: 1000 };
    const runId = await createPipelineRun({ db: await appDb.get() }, config);
    router.update({ run: String(runId) });
    const newClient = realWorkers();
    openDemo(new DemoSession(newClient));
    await expect.poll(() => control('Resume')?.disabled).toBe(false);
    control('Resume').click();
    await shown('Not enough training data.');
    const live = banner()!;
    expect(live.message).toMatch(/^not enough training data: \d+ examples? .* under the minimum of 1000 Too few trajectories were kept/);
    expect(live.stage).toBe('Stopped during postprocess of iteration 1.');
    expect(live.resume).toBeNull();
    expect(control('Resume').disabled).toBe(true);
    expect((await getRun(await appDb.get(), runId)).error).toMatchObject({ name: 'NotEnoughData', stage: { iteration: 1, stage: 'postprocess' }, resumable: false });

    closeDemo();
    openDemo(new DemoSession(newClient));
    await shown('Not enough training data.');
    expect(banner()).toMatchObject({ message: live.message, stage: live.stage, resume: null });
    expect(control('Resume').disabled).toBe(true);
  });

  it('a full disk: IndexedDB’s QuotaExceededError reaches the banner as “Storage is full”, with Resume; after a reload too, from localStorage', async () => {
    await freshApp(RUN);
    // The pipeline's own connection to the app's database, failing every write once the edit stage begins.
    const db = createDb();
    const fault = installQuotaFault(db);
    await db.open();
    cleanup.push(() => db.close());
    const armAtEdit = (e: { type: string; stage?: string }) => e.type === 'stage' && e.stage === 'edit' && fault.arm(0, QUOTA_SHAPES['DOMException QuotaExceededError']);
    openDemo(new DemoSession(() => new PipelineClient(inThreadWorker({ openDb: async () => db }, armAtEdit))));
    clickRun();
    await shown('Storage is full.');
    const full = banner()!;
    expect(full.message).toMatch(/^Storage is full \(.* used\); nothing was written\. Export and delete old runs to make room\. Free space in Settings → Storage .*then press Resume\.$/);
    expect(full.stage).toBe('Stopped during edit of iteration 1.');
    expect(full.resume?.disabled).toBe(false);

    // The store could not record the failure: it still says running, with no error.
    const runId = Number(router.param('run'));
    const stored = await getRun(await appDb.get(), runId);
    expect(stored.status).toBe('running');
    expect(stored.error).toBeUndefined();

    // A reload (space freed): the error kept in localStorage says what stopped it, not "interrupted".
    fault.disarm();
    closeDemo();
    let resumed = false;
    openDemo(new DemoSession(() => new PipelineClient(inThreadWorker({ openDb: async () => db }, (e) => void (resumed ||= e.type === 'stage')))));
    await shown('Storage is full.');
    expect(banner()).toMatchObject({ message: full.message, stage: full.stage });
    expect(banner()!.resume?.disabled).toBe(false);
    expect(phase()).toBe('failed');

    // Resuming forgets it; stopped, the run is paused and shows no error.
    banner()!.resume!.click();
    await expect.poll(() => resumed, { timeout: 30_000 }).toBe(true);
    expect(localStorage.getItem(LAST_RUN_ERROR_KEY)).toBeNull();
    control('Stop').click();
    await expect.poll(phase, { timeout: 30_000 }).toBe('stopped');
    expect(banner()).toBeNull();
    expect((await getRun(await appDb.get(), runId)).status).toBe('paused');
  });

  it('the kept error stands in only for a failure the store could not record', () => {
    cleanup.push(() => localStorage.removeItem(LAST_RUN_ERROR_KEY));
    const error = { name: 'StorageFull', message: 'Storage is full. '.repeat(500), stage: { iteration: 1, stage: 'edit' as const }, resumable: true, llmKind: 'x' };
    keepRunError(7, error);
    const note = lastRunError()!;
    expect(note).toMatchObject({ runId: 7, name: 'StorageFull', stage: error.stage, resumable: true });
    expect(note.message).toHaveLength(2000);
    expect(note).not.toHaveProperty('llmKind');
    const record = { id: 7, status: 'running' as const, updatedAt: note.time };
    expect(unrecordedError(record, note)).toEqual({ name: 'StorageFull', message: note.message, stage: error.stage, resumable: true });
    // Another run, a run the store already holds an error for, one written since, or one stopped or finished: not it.
    expect(unrecordedError({ ...record, id: 8 }, note)).toBeNull();
    expect(unrecordedError({ ...record, status: 'failed', error: { ...error, name: 'DeviceLost' } }, note)).toBeNull();
    expect(unrecordedError({ ...record, updatedAt: note.time + 1 }, note)).toBeNull();
    expect(unrecordedError({ ...record, status: 'paused' }, note)).toBeNull();
    // A full localStorage keeps nothing and throws nothing; garbage reads as none.
    const full = { getItem: () => null, removeItem: () => undefined, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    expect(() => keepRunError(7, error, full)).not.toThrow();
    localStorage.setItem(LAST_RUN_ERROR_KEY, '{"runId":"7"');
    expect(lastRunError()).toBeNull();
  });

  it('another page says when the Demo run stopped, and links back to it', async () => {
    // The database is left as it is: deleting it under the pages' own reads would only race them.
    history.replaceState(null, '', '#/trajectories');
    cleanup.push(router.start());
    Object.assign(demoSession, { phase: 'failed', error: describeRunError(toWorkerError(new StorageFull(1024 ** 3, 1024 ** 3))) });
    cleanup.push(() => Object.assign(demoSession, { phase: 'idle', error: null }));
    const app = mount(App, { target: document.body });
    cleanup.push(() => unmount(app));
    const alert = () => [...document.querySelectorAll('[role=alert]')].find((el) => el.textContent?.includes('The Demo run stopped'));
    await expect.poll(() => alert()?.textContent).toContain('The Demo run stopped. Storage is full. Storage is full (1.00 GiB of 1.00 GiB used)');
    expect(alert()!.querySelector('a')).toMatchObject({ textContent: 'Open the Demo page to resume it' });
    expect(alert()!.querySelector('a')!.getAttribute('href')).toBe('#/demo');
    location.hash = '#/demo';
    await expect.poll(() => alert()).toBeUndefined();
  });
});

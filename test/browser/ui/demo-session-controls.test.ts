// Pause and Stop pressed in the moment after Run or Resume, before the session has asked the worker to resume (it
// reads the Settings store and takes the run's lock first): the worker gets them after its resume, so they are
// not lost on a worker with no run. The controller runs in the page (real pipeline, cpu backend, app database).
import { afterEach, describe, expect, it } from 'vitest';
import { DemoSession } from '../../../src/ui/demo/demo-session.svelte';
import { choicesFromQuery, defaultChoices } from '../../../src/ui/demo/demo-config';
import { appDb } from '../../../src/ui/app-db.svelte';
import { PipelineClient } from '../../../src/worker/client';
import type { WorkerRequest } from '../../../src/worker/protocol';
import { inThreadWorker } from '../../helpers/in-thread-worker';

const RUN = 'task=ws&preset=nano&warm=0&backend=cpu&n=4&eval=1&t=1&epochs=1&sft=1&ctx=384&baselines=0&seed=3';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A session whose worker runs in the page; `sent` lists the requests in the order the worker got them. */
async function session(): Promise<{ session: DemoSession; sent: WorkerRequest['type'][] }> {
  await appDb.clearAll();
  cleanup.push(() => appDb.clearAll());
  const sent: WorkerRequest['type'][] = [];
  const newClient = () => {
    const worker = inThreadWorker({ openDb: () => appDb.get() });
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (req: WorkerRequest) => {
      sent.push(req.type);
      post(req);
    };
    return new PipelineClient(worker);
  };
  const s = new DemoSession(newClient);
  cleanup.push(() => s.stop());
  return { session: s, sent };
}

const choices = () => choicesFromQuery(new URLSearchParams(RUN), defaultChoices('cpu'));

describe('Demo session controls before the worker has the run', () => {
  it('a Pause right after Run reaches the worker after its resume and pauses the run', async () => {
    const { session: s, sent } = await session();
    await s.start(choices(), {});
    s.pause();
    expect(s.phase).toBe('pausing');
    await expect.poll(() => s.phase, { timeout: 20_000 }).toBe('paused');
    expect(sent).toEqual(['resume', 'pause']);
    s.continue();
    await expect.poll(() => s.phase, { timeout: 20_000 }).toBe('running');
    s.stop();
    await expect.poll(() => s.phase, { timeout: 20_000 }).toBe('stopped');
    expect(sent).toEqual(['resume', 'pause', 'continue', 'stop']);
  });

  it('a Stop right after Run stops it before the worker starts it', async () => {
    const { session: s, sent } = await session();
    await s.start(choices(), {});
    s.stop();
    await expect.poll(() => s.phase, { timeout: 20_000 }).toBe('stopped');
    expect(sent).toEqual([]);
    expect(s.runs[0].status).toBe('created');
  });
});

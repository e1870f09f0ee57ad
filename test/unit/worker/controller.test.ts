// Pause and Stop sent while a run is still setting up (store, device, model) are kept, not dropped: the run holds at its
// first gate, or stops there, instead of running on while the page says "Pausing…" (cpu backend, nano).
import { describe, expect, it } from 'vitest';
import { getRun } from '../../../src/store';
import { createPipelineRun } from '../../../src/tripost/run';
import { PipelineController } from '../../../src/worker/controller';
import type { WorkerEvent } from '../../../src/worker/protocol';
import { TINY_RUN } from '../../helpers/tiny-run';
import { freshDb } from '../store/fresh-db';

async function setUp(config = TINY_RUN) {
  const db = await freshDb();
  const runId = await createPipelineRun({ db }, config);
  const events: WorkerEvent[] = [];
  const controller = new PipelineController((e) => events.push(e), { openDb: async () => db });
  const statuses = () => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
  const next = (status: string) => expect.poll(statuses, { timeout: 20_000, interval: 20 }).toContain(status);
  return { db, runId, events, controller, statuses, next };
}

describe('pipeline controller', () => {
  it('a pause sent with the resume holds the run at its first gate; continue runs it to the end', async () => {
    const { runId, events, controller, statuses, next } = await setUp();
    const running = controller.handle({ type: 'resume', runId, backend: 'cpu' });
    await controller.handle({ type: 'pause' });
    await next('paused');
    await new Promise((r) => setTimeout(r, 100));
    // Never said to be running, and nothing trained while held.
    expect(statuses()).toEqual(['paused']);
    expect(events.filter((e) => e.type === 'loss')).toEqual([]);
    await controller.handle({ type: 'continue' });
    await running;
    expect(statuses()).toEqual(['paused', 'running', 'done']);
  }, 30_000);

  it('a stop sent with the resume stops the run before its first stage; it stays resumable', async () => {
    const { db, runId, events, controller, statuses } = await setUp();
    const running = controller.handle({ type: 'resume', runId, backend: 'cpu' });
    await controller.handle({ type: 'stop' });
    await running;
    expect(statuses()).toEqual(['running', 'stopped']);
    expect(events.filter((e) => e.type === 'loss' || e.type === 'error')).toEqual([]);
    expect((await getRun(db, runId)).status).toBe('paused');
  }, 30_000);

  it('a pause sent mid-training is heard at the next step, though the cpu engine\'s steps never leave the microtask queue', async () => {
    const { db, runId, events, statuses, next } = await setUp({ ...TINY_RUN, sftEpochs: 5 });
    // Sent as the page sends it: a message, which the worker hears only between tasks.
    const controller = new PipelineController((e) => {
      events.push(e);
      if (e.type === 'loss' && e.step === 1) setTimeout(() => void controller.handle({ type: 'pause' }));
    }, { openDb: async () => db });
    const running = controller.handle({ type: 'resume', runId, backend: 'cpu' });
    await next('paused');
    const steps = events.filter((e) => e.type === 'loss').length;
    // At most the step in flight and the one queued behind it land after the pause (20 in the stage).
    expect(steps).toBeLessThanOrEqual(3);
    await controller.handle({ type: 'stop' });
    await running;
    expect(statuses()).toEqual(['running', 'paused', 'stopped']);
  }, 30_000);
});

// The pipeline in a real module Worker, driven through PipelineClient: start, progress, pause, continue, stop, resume.
import { afterEach, describe, expect, it } from 'vitest';
import { getRun, listEvals, openDb } from '../../../src/store';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/tripost/config';
import { PipelineClient, PipelineError } from '../../../src/worker/client';
import type { Backend, WorkerEvent } from '../../../src/worker/protocol';

const BACKEND: Backend = 'cpu';

const TINY: RunConfig = {
  ...DEFAULT_CONFIG, task: 'ws', preset: 'nano', contextLength: 384, trainProblems: 6, goldProblems: 6, evalProblems: 3,
  iterations: 1, epochs: 1, sftEpochs: 4, batchSize: 2, generateBatch: 6, minTrainExamples: 1, seed: 3,
};

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

function setup(dbName = `worker-test-${crypto.randomUUID()}`): { client: PipelineClient; dbName: string; log: WorkerEvent[] } {
  const client = new PipelineClient();
  const log: WorkerEvent[] = [];
  client.on('*', (e) => log.push(e));
  cleanup.push(async () => {
    client.terminate();
    await new Promise((resolve) => {
      const req = indexedDB.deleteDatabase(dbName);
      req.onsuccess = req.onerror = req.onblocked = resolve;
    });
  });
  return { client, dbName, log };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('pipeline worker', () => {
  it('starts, reports progress, pauses, continues, stops, and resumes in a new worker to the end', async () => {
    const { client, dbName, log } = setup();
    const t0 = performance.now();
    const env = { backend: BACKEND, dbName };
    const runId = await client.start(TINY, env);
    expect(runId).toBeGreaterThan(0);

    await client.next('progress');
    const paused = client.next('status', (e) => e.status === 'paused');
    client.pause();
    await paused;
    const heldAt = log.length;
    await sleep(400);
    expect(log.slice(heldAt).filter((e) => e.type === 'progress' || e.type === 'loss')).toEqual([]);

    const running = client.next('status', (e) => e.status === 'running');
    client.continue();
    await running;
    await client.next('progress');
    const stopped = client.next('status', (e) => e.status === 'stopped');
    client.stop();
    await stopped;
    client.terminate();

    const db = await openDb({ name: dbName });
    try {
      expect((await getRun(db, runId)).status).toBe('paused');
      // A reloaded tab: a fresh worker resumes the stored run after its last completed stage.
      const reloaded = setup(dbName);
      const done = reloaded.client.next('status', (e) => e.status === 'done');
      reloaded.client.resume(runId, env);
      await done;
      log.push(...reloaded.log);
      expect((await getRun(db, runId)).status).toBe('done');
      expect((await listEvals(db, runId)).map((e) => `${e.iteration}:${e.split}`).sort()).toEqual(['0:seen', '0:unseen', '1:seen', '1:unseen']);
    } finally {
      db.close();
    }
    const types = new Set(log.map((e) => e.type));
    for (const t of ['started', 'status', 'stage', 'progress', 'loss', 'trajectory', 'mix', 'eval']) expect(types, t).toContain(t);
    expect(log.filter((e) => e.type === 'error')).toEqual([]);
    console.log(`worker run on ${BACKEND}: ${Math.round(performance.now() - t0)} ms`);
  });

  it('refuses bad requests with typed errors and creates no run', async () => {
    const { client, dbName } = setup();
    const refused = (config: RunConfig) => client.start(config, { backend: 'cpu', dbName }).then(() => null, (e: PipelineError) => e.error);
    expect(await refused({ ...TINY, p: 2 })).toMatchObject({ name: 'InvalidConfig', resumable: false });
    const noEndpoint = await refused({ ...TINY, critic: 'llm' });
    expect(noEndpoint).toMatchObject({ name: 'MissingLlmEndpoint' });
    expect(noEndpoint?.message).toMatch(/base URL/);
  });
});

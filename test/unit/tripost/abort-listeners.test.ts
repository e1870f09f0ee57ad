// Issue 18: a run printed "MaxListenersExceededWarning: 11 abort listeners added to [AbortSignal]" in the edit stage.
// Every trajectory of a chunk (generateBatch of them at once) gave the one signal of the stage's EndpointWatch to its
// requests, so each request waiting for a limiter slot, in flight or backing off put a listener on that one signal.
// Each trajectory now has a signal of its own; no signal may hold more than a couple of abort listeners at once, none
// may be left on the run's signal, and Stop must still reach every request in flight.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../../src/engine';
import { taskTokenizer } from '../../../src/engine/tokenizer';
import { HybridCritic, LlmClient, LlmCritic, llmConfig } from '../../../src/llm';
import { countTrajectories, type TriPostDb } from '../../../src/store';
import { createScriptedCritic, type Critic } from '../../../src/tasks';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/tripost/config';
import { runProblems, type StageContext, type StageDeps } from '../../../src/tripost/context';
import { createPipelineRun } from '../../../src/tripost/run';
import { editStage } from '../../../src/tripost/stages';
import { freshDb } from '../store/fresh-db';

const BASE_URL = 'http://127.0.0.1:9/v1';
const PROBLEMS = 50;

/** SI-demo attempts need no model; the default generateBatch (32) makes chunks of 32 and 18 trajectories at once. */
const CONFIG: RunConfig = {
  ...DEFAULT_CONFIG, method: 'ft-si-demo', task: 'ws', preset: 'nano', tokenizer: 'char', contextLength: 384, trainProblems: PROBLEMS, goldProblems: 6, evalProblems: 2,
  iterations: 1, epochs: 1, sftEpochs: 1, batchSize: 4, minTrainExamples: 1, seed: 5,
};

async function editContext(db: TriPostDb, critic: Critic, signal: AbortSignal): Promise<StageContext> {
  const runId = await createPipelineRun({ db }, CONFIG);
  const deps: StageDeps = { db, critic, signal, tokenizer: taskTokenizer(), createEngine: () => Promise.reject(new Error('no model in these tests')) };
  return { runId, config: CONFIG, model: {} as StageContext['model'], problems: runProblems(CONFIG), deps, engine: {} as Engine };
}

const answer = (content: string) =>
  new Response(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
const rateLimited = () => new Response(JSON.stringify({ error: { message: 'slow down' } }), { status: 429, headers: { 'content-type': 'application/json', 'retry-after-ms': '1' } });

/** An OpenAI-compatible endpoint in a fetch: answers after a moment, every third request a 429 first (a backoff sleep). */
function mockEndpoint(): { fetch: typeof globalThis.fetch; calls: () => number } {
  let calls = 0;
  return {
    fetch: async () => {
      const n = calls++;
      await new Promise((resolve) => setTimeout(resolve, 1));
      return n % 3 === 0 ? rateLimited() : answer('I think it is fine.');
    },
    calls: () => calls,
  };
}

const llmCritic = (fetch: typeof globalThis.fetch) => new LlmCritic(new LlmClient(llmConfig({ baseURL: BASE_URL, apiKey: '', model: 'm' }), { fetch }));

/** The most abort listeners any one signal held at once, from now on; and the warnings Node emitted. */
function watchListeners(): { peak: () => number; warnings: string[]; stop: () => void } {
  const add = EventTarget.prototype.addEventListener;
  let peak = 0;
  const spy = vi.spyOn(EventTarget.prototype, 'addEventListener').mockImplementation(function (this: EventTarget, ...args: Parameters<EventTarget['addEventListener']>) {
    add.apply(this, args);
    if (args[0] === 'abort') peak = Math.max(peak, getEventListeners(this, 'abort').length);
  });
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  process.on('warning', onWarning);
  return {
    peak: () => peak,
    warnings,
    stop: () => {
      spy.mockRestore();
      process.off('warning', onWarning);
    },
  };
}

/** process.emitWarning emits on the next tick. */
const ticks = () => new Promise((resolve) => setTimeout(resolve, 10));

let probe: ReturnType<typeof watchListeners> | null = null;
afterEach(() => {
  probe?.stop();
  probe = null;
});

describe('abort listeners in the edit stage', () => {
  const critics: [string, () => { critic: Critic; requests?: () => number }][] = [
    ['the scripted critic', () => ({ critic: createScriptedCritic() })],
    [
      'a hybrid critic (scripted FBK checked against the LLM, LLM IMP)',
      () => {
        const endpoint = mockEndpoint();
        return { critic: new HybridCritic({ script: createScriptedCritic(), llm: llmCritic(endpoint.fetch), checkLlmFeedback: true }), requests: endpoint.calls };
      },
    ],
    [
      'the LLM critic',
      () => {
        const endpoint = mockEndpoint();
        return { critic: llmCritic(endpoint.fetch), requests: endpoint.calls };
      },
    ],
  ];

  it.each(critics)(`%s: ${PROBLEMS} trajectories leave no listener on the run's signal, never pile listeners on one signal, and raise no warning`, async (_, make) => {
    const { critic, requests } = make();
    const db = await freshDb();
    const stop = new AbortController();
    const ctx = await editContext(db, critic, stop.signal);
    const before = getEventListeners(stop.signal, 'abort').length;
    probe = watchListeners();
    await editStage(ctx, 1);
    await ticks();
    expect(await countTrajectories(db, { runId: ctx.runId })).toBe(PROBLEMS);
    if (requests) expect(requests()).toBeGreaterThan(PROBLEMS); // the requests did go through the client
    expect(before).toBe(0);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(before);
    // A trajectory's requests run one after another: its signal holds a limiter wait or a request, and the SDK's own.
    expect(probe.peak()).toBeLessThanOrEqual(2);
    expect(probe.warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });

  it('Stop still reaches every request in flight, and leaves no listener behind', async () => {
    const db = await freshDb();
    const stop = new AbortController();
    let started = 0;
    let aborted = 0;
    // Requests hang until their signal aborts; Stop comes once the limiter's four slots are busy.
    const hang: typeof globalThis.fetch = (_, init) =>
      new Promise((_resolve, reject) => {
        if (++started === 4) setTimeout(() => stop.abort(), 1);
        init!.signal!.addEventListener('abort', () => {
          aborted++;
          reject(init!.signal!.reason);
        });
      });
    const ctx = await editContext(db, llmCritic(hang), stop.signal);
    probe = watchListeners();
    await expect(editStage(ctx, 1)).rejects.toMatchObject({ name: 'AbortError' });
    await ticks();
    expect(started).toBe(4);
    expect(aborted).toBe(4);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    expect(await countTrajectories(db, { runId: ctx.runId })).toBe(0);
    expect(probe.warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });
});

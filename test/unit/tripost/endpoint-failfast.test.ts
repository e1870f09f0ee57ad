// A dead LLM endpoint stops the edit stage after a few trajectories in a row instead of grinding through every
// problem; a trajectory that gets through starts the count again; the stopped run resumes once the endpoint is back.
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/engine';
import { taskTokenizer } from '../../../src/engine/tokenizer';
import { LlmClient, LlmCritic, LlmEndpointDown, LlmError, llmConfig } from '../../../src/llm';
import { countTrajectories, getRun, pageTrajectories, type TriPostDb } from '../../../src/store';
import { createScriptedCritic, type Critic, type Problem } from '../../../src/tasks';
import { CriticDropError } from '../../../src/llm/outcome';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/tripost/config';
import { runProblems, type PipelineDeps, type StageContext, type StageDeps } from '../../../src/tripost/context';
import { ENDPOINT_FAILURE_LIMIT } from '../../../src/tripost/endpoint-watch';
import { createPipelineRun, runPipeline } from '../../../src/tripost/run';
import { editStage } from '../../../src/tripost/stages';
import { freshDb } from '../store/fresh-db';

const BASE_URL = 'http://127.0.0.1:9/v1';

/** SI-demo attempts need no model; one problem per chunk makes the trajectories finish one after another. */
const CONFIG: RunConfig = {
  ...DEFAULT_CONFIG, method: 'ft-si-demo', task: 'ws', preset: 'nano', tokenizer: 'char', contextLength: 384, trainProblems: 6, goldProblems: 6, evalProblems: 2,
  iterations: 1, epochs: 1, sftEpochs: 1, batchSize: 4, generateBatch: 1, minTrainExamples: 1, seed: 5,
};

const refused = () => Object.assign(new LlmError('unreachable', 'The server could not be reached.', { attempts: 4 }), { endpoint: BASE_URL });

/** The scripted critic behind an endpoint that refuses connections for the problems `down` names. */
function flakyCritic(down: (problem: Problem) => boolean): Critic & { calls: number } {
  const script = createScriptedCritic();
  const critic = {
    name: 'flaky',
    calls: 0,
    async feedback(problem: Problem, attempt: string, signal?: AbortSignal) {
      critic.calls++;
      if (down(problem)) throw refused();
      return script.feedback(problem, attempt, signal);
    },
    improve: (problem: Problem, attempt: string, fb: Parameters<Critic['improve']>[2], signal?: AbortSignal) => script.improve(problem, attempt, fb, signal),
  };
  return critic;
}

async function editContext(db: TriPostDb, critic: Critic, config = CONFIG): Promise<StageContext> {
  const runId = await createPipelineRun({ db }, config);
  const deps: StageDeps = { db, critic, tokenizer: taskTokenizer(), createEngine: () => Promise.reject(new Error('no model in these tests')) };
  return { runId, config, model: {} as StageContext['model'], problems: runProblems(config), deps, engine: {} as Engine };
}

async function storedProblemIds(db: TriPostDb, runId: number): Promise<string[]> {
  return (await pageTrajectories(db, { runId }, { limit: 100 })).items.map((t) => t.problem.id);
}

/** Scripted feedback with an LLM improver that `improve` stands in for (a hybrid critic); counts improve calls. */
function scriptedFeedbackCritic(improve: Critic['improve'], correct?: (problem: Problem) => boolean): Critic & { improveCalls: number } {
  const script = createScriptedCritic();
  const critic = {
    name: 'hybrid(script+llm)',
    improveCalls: 0,
    feedback: async (problem: Problem, attempt: string, signal?: AbortSignal) => (correct?.(problem) ? { kind: 'correct' as const } : script.feedback(problem, attempt, signal)),
    improve: (...args: Parameters<Critic['improve']>) => {
      critic.improveCalls++;
      return improve(...args);
    },
  };
  return critic;
}

describe('fail fast on a dead LLM endpoint', () => {
  it(`stops after exactly ${ENDPOINT_FAILURE_LIMIT} trajectories the endpoint failed in a row, storing none of them`, async () => {
    const db = await freshDb();
    const critic = flakyCritic(() => true);
    const ctx = await editContext(db, critic);
    const error = await editStage(ctx, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmEndpointDown);
    expect((error as Error).message).toBe(
      `The LLM endpoint at ${BASE_URL} did not answer (connection failed after 4 tries) for 3 trajectories in a row. Check it is running, or Settings → Test connection, then Resume.`,
    );
    expect(critic.calls).toBe(ENDPOINT_FAILURE_LIMIT);
    // Held back, not stored as drops: a resume edits these problems again.
    expect(await countTrajectories(db, { runId: ctx.runId })).toBe(0);
  });

  it('a trajectory that gets through starts the count again; failures that did not stop the run are stored as drops', async () => {
    const db = await freshDb();
    const ctx = await editContext(db, flakyCritic(() => false));
    const ids = ctx.problems.train.map((p) => p.id);
    // Failed, failed, through, failed, through, failed: never three in a row; the last one is left at the end.
    const failing = new Set([ids[0], ids[1], ids[3], ids[5]]);
    ctx.deps.critic = flakyCritic((p) => failing.has(p.id));
    await editStage(ctx, 1);
    expect(await storedProblemIds(db, ctx.runId)).toEqual(ids);
    const dropped = (await pageTrajectories(db, { runId: ctx.runId, kept: false }, { limit: 100 })).items;
    expect(dropped.map((t) => t.problem.id).sort()).toEqual([...failing].sort());
    for (const t of dropped) expect(t.dropReason).toMatch(/^request-failed: The server could not be reached/);
  });

  it('a trajectory found correct without asking the endpoint (hybrid critic) does not start the count again', async () => {
    const db = await freshDb();
    const ctx = await editContext(db, createScriptedCritic());
    const ids = ctx.problems.train.map((p) => p.id);
    // Scripted feedback, LLM improvement behind a dead endpoint; the third attempt is judged correct by the script alone.
    const critic = scriptedFeedbackCritic(() => Promise.reject(refused()), (p) => p.id === ids[2]);
    ctx.deps.critic = critic;
    await expect(editStage(ctx, 1)).rejects.toBeInstanceOf(LlmEndpointDown);
    expect(critic.improveCalls).toBe(ENDPOINT_FAILURE_LIMIT); // problems 0, 1 and 3; the correct one in between did not reset
    expect(await storedProblemIds(db, ctx.runId)).toEqual([ids[2]]);
  });

  it('an answer the critic cannot use (an illegal improvement) still shows the endpoint is up and starts the count again', async () => {
    const db = await freshDb();
    const ctx = await editContext(db, createScriptedCritic());
    const ids = ctx.problems.train.map((p) => p.id);
    // Down, down, an answer that breaks the improvement rules, down, down, down: trips only at the last.
    const critic = scriptedFeedbackCritic(async (problem) => {
      if (problem.id !== ids[2]) throw refused();
      throw new CriticDropError({ reason: 'illegal-improvement', detail: 'it rewrote the steps before the error', raw: 'a rewritten answer' });
    });
    ctx.deps.critic = critic;
    await expect(editStage(ctx, 1)).rejects.toBeInstanceOf(LlmEndpointDown);
    expect(critic.improveCalls).toBe(6);
    const stored = (await pageTrajectories(db, { runId: ctx.runId }, { limit: 100 })).items;
    expect(stored.map((t) => t.problem.id).sort()).toEqual([ids[0], ids[1], ids[2]].sort()); // the two held failures became drops
    expect(stored.find((t) => t.problem.id === ids[2])?.dropReason).toMatch(/^illegal-improvement/);
  });

  it('a fatal error (401) aborts the other requests in flight instead of waiting out their retries', async () => {
    const db = await freshDb();
    const ctx = await editContext(db, flakyCritic(() => true), { ...CONFIG, generateBatch: 6 });
    const ids = ctx.problems.train.map((p) => p.id);
    let aborted = 0;
    ctx.deps.critic.feedback = (problem, _attempt, signal) => {
      if (problem.id === ids[0]) return Promise.reject(new LlmError('unauthorized', 'The server rejected the API key (401).', { status: 401 }));
      return new Promise((_, reject) =>
        signal!.addEventListener('abort', () => {
          aborted++;
          reject(new LlmError('aborted', 'The request was stopped.'));
        }),
      );
    };
    const error = await editStage(ctx, 1).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unauthorized' });
    expect(aborted).toBe(5);
  });

  it('aborts the requests still in flight when it trips, and waits for them before it throws', async () => {
    const db = await freshDb();
    let aborted = 0;
    const ctx = await editContext(db, flakyCritic(() => true), { ...CONFIG, generateBatch: 6 });
    const ids = ctx.problems.train.map((p) => p.id);
    // The first three fail at once; the other three hang until their request is aborted.
    ctx.deps.critic.feedback = (problem, _attempt, signal) => {
      if (ids.indexOf(problem.id) < 3) return Promise.reject(refused());
      return new Promise((_, reject) =>
        signal!.addEventListener('abort', () => {
          aborted++;
          reject(new LlmError('aborted', 'The request was stopped.'));
        }),
      );
    };
    await expect(editStage(ctx, 1)).rejects.toBeInstanceOf(LlmEndpointDown);
    expect(aborted).toBe(3);
    expect(await countTrajectories(db, { runId: ctx.runId })).toBe(0);
  });

  it('a 429 is retried as the server asks and is no failure when a retry gets through; one that outlasts the retries is', async () => {
    let calls = 0;
    const rateLimited = () => new Response(JSON.stringify({ error: { message: 'slow down' } }), { status: 429, headers: { 'content-type': 'application/json', 'retry-after-ms': '0' } });
    const answer = (content: string) =>
      new Response(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    const critic = (fetch: () => Response) =>
      new LlmCritic(new LlmClient(llmConfig({ baseURL: BASE_URL, apiKey: '', model: 'm', maxRetries: 2 }), { fetch: async () => (calls++, fetch()) }));

    // Two 429s, then an answer the critic cannot parse: a drop of the trajectory's own, so the count never starts.
    const db = await freshDb();
    const through = await editContext(db, critic(() => (calls % 3 === 0 ? answer('I think it is fine.') : rateLimited())));
    await editStage(through, 1);
    expect(calls).toBe(3 * CONFIG.trainProblems);
    const drops = (await pageTrajectories(db, { runId: through.runId }, { limit: 100 })).items.map((t) => t.dropReason);
    expect(drops).toHaveLength(CONFIG.trainProblems);
    for (const reason of drops) expect(reason).toMatch(/^unparsable-feedback/);

    calls = 0;
    const limited = await editContext(db, critic(rateLimited));
    await expect(editStage(limited, 1)).rejects.toThrow('did not answer (rate limited (429) after 3 tries) for 3 trajectories in a row');
    expect(calls).toBe(3 * ENDPOINT_FAILURE_LIMIT);
  });
});

describe('a run stopped by a dead endpoint', () => {
  it('is stored as failed with its name, message, stage and kind, keeps what it made, and resumes in the edit stage once the endpoint is back', async () => {
    const db = await freshDb();
    let up = false;
    const ids = runProblems(CONFIG).train.map((p) => p.id);
    // The first problem gets through before the endpoint goes down.
    const critic = flakyCritic((p) => !up && p.id !== ids[0]);
    const deps: PipelineDeps = { db, critic, createEngine: (config, seed) => createEngine({ backend: 'cpu', config, seed }) };
    const runId = await createPipelineRun({ db }, CONFIG);
    await expect(runPipeline(runId, deps)).rejects.toBeInstanceOf(LlmEndpointDown);
    const failed = await getRun(db, runId);
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({
      name: 'LlmEndpointDown',
      message: expect.stringMatching(/^The LLM endpoint at http:\/\/127\.0\.0\.1:9\/v1 did not answer .* for 3 trajectories in a row/),
      stage: { iteration: 1, stage: 'edit' },
      resumable: true,
      llmKind: 'unreachable',
    });
    expect(failed.lastCompleted).toEqual({ iteration: 0, stage: 'evaluate' });
    expect(await storedProblemIds(db, runId)).toEqual([ids[0]]);

    up = true;
    const stages: string[] = [];
    await runPipeline(runId, { ...deps, events: (e) => e.type === 'stage' && stages.push(`${e.iteration}:${e.stage}`) });
    expect(stages).toEqual(['1:edit', '1:postprocess', '1:train', '1:evaluate']);
    expect((await getRun(db, runId)).status).toBe('done');
    expect(await storedProblemIds(db, runId)).toEqual(ids);
  }, 60_000);
});

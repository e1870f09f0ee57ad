// The LLM module's pieces without a server: parsing, few-shot examples, secrets, presets, limiter, retry-after.
import { describe, expect, it } from 'vitest';
import {
  ApiKeyStore,
  Limiter,
  LlmError,
  fewShotExamples,
  feedbackAgrees,
  isRetryable,
  parseLlmFeedback,
  parseLlmImprovement,
  presetForURL,
  publicConfig,
  llmConfig,
  redact,
  retryAfterMs,
  stripTelemetryFetch,
  LLM_PRESETS,
  corsAdvice,
} from '../../../src/llm';
import { TASK_IDS, checkImprovement, scriptedFeedback } from '../../../src/tasks';

const attempt = '(1) Let A = 2.\n(2) So A + 1 = 4.\n(Final response) So the answer is 4.';

describe('parseLlmFeedback', () => {
  it('reads fenced, bold and chatty answers', () => {
    const line = 'Step (1) is correct. In step (2) the part "A + 1 = 4" is incorrect. This is because 2 + 1 is 3.';
    const want = { kind: 'error', step: '2', prevStep: '1', segment: 'A + 1 = 4', reason: '2 + 1 is 3' };
    for (const raw of [`Feedback: ${line}`, `Sure!\n\n**Feedback:** ${line}`, '```\nFeedback: ' + line + '\n```']) {
      expect(parseLlmFeedback(raw, attempt)).toEqual({ ok: true, feedback: want });
    }
  });
  it('fixes a miscounted prefix from the attempt, and refuses steps the attempt lacks', () => {
    const raw = 'Step (1) to step (5) are correct. In step (2) the part "= 4" is incorrect. This is because no.';
    expect(parseLlmFeedback(raw, attempt)).toMatchObject({ ok: true, feedback: { step: '2', prevStep: '1' } });
    expect(parseLlmFeedback('In step (7) the part "x" is incorrect. This is because y.', attempt).ok).toBe(false);
    expect(parseLlmFeedback('', attempt).ok).toBe(false);
  });
});

describe('parseLlmImprovement', () => {
  it('drops the header, the preamble line and anything after a Feedback line', () => {
    const raw = "Updated Answer: Let's think step by step.\n(1) Let A = 2.\n(2) So A + 1 = 3.\n(Final response) So the answer is 3.\nFeedback: ...";
    expect(parseLlmImprovement(raw)).toBe('(1) Let A = 2.\n(2) So A + 1 = 3.\n(Final response) So the answer is 3.');
  });
});

describe('few-shot examples', () => {
  it('are deterministic, judged by the script as labelled, and their improvements are legal', () => {
    for (const task of TASK_IDS) {
      const shots = fewShotExamples(task);
      expect(shots.map((s) => s.feedback.kind)).toEqual(['error', 'correct', 'error']);
      expect(JSON.stringify(fewShotExamples(task))).toBe(JSON.stringify(shots));
      for (const s of shots) {
        expect(scriptedFeedback(s.problem, s.attempt)).toEqual(s.feedback);
        if (s.improved) expect(checkImprovement(s.attempt, s.feedback, s.improved)).toEqual({ legal: true });
      }
    }
  });
});

describe('feedbackAgrees', () => {
  it('needs the same kind, and for errors the same step with overlapping parts', () => {
    const e = { kind: 'error' as const, step: '2', prevStep: '1', segment: 'A + 1 = 4', reason: 'r' };
    expect(feedbackAgrees(e, { ...e, segment: '= 4', reason: 'other' })).toBe(true);
    expect(feedbackAgrees(e, { ...e, step: '1' })).toBe(false);
    expect(feedbackAgrees(e, { kind: 'correct' })).toBe(false);
  });
});

describe('secrets', () => {
  const KEY = 'sk-proj-abcdefghijklmnop';
  it('redacts the key and key-shaped text', () => {
    expect(redact(`bad key ${KEY}`, KEY)).toBe('bad key [redacted]');
    expect(redact('Incorrect API key provided: sk-ab***yz.', '')).not.toContain('sk-ab');
  });
  it('stores the key only when remembered, and never in JSON', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
    const store = new ApiKeyStore(storage);
    store.set(KEY, false);
    expect(store.key).toBe(KEY);
    expect(map.size).toBe(0);
    store.set(KEY, true);
    expect(new ApiKeyStore(storage).key).toBe(KEY);
    expect(JSON.stringify(store)).not.toContain(KEY);
    store.forget();
    expect(map.size).toBe(0);
    expect(publicConfig(llmConfig({ baseURL: 'x', apiKey: KEY, model: 'm' }))).not.toHaveProperty('apiKey');
  });
});

describe('presets', () => {
  it('have the five servers, each with a CORS setting, found by URL', () => {
    expect(LLM_PRESETS.map((p) => p.id)).toEqual(['openai', 'ollama', 'lmstudio', 'vllm', 'llamacpp']);
    expect(presetForURL('http://127.0.0.1:11434/v1')?.id).toBe('ollama');
    expect(presetForURL('https://api.openai.com/v1')?.id).toBe('openai');
    expect(presetForURL('not a url')).toBeUndefined();
    expect(corsAdvice(presetForURL('http://localhost:8000/v1'), 'http://localhost:5173')).toContain('--allowed-origins');
    expect(corsAdvice(presetForURL('http://localhost:1234/v1'), 'x')).toContain('Enable CORS');
  });
});

describe('transport pieces', () => {
  it('strips X-Stainless-* headers and keeps the rest', async () => {
    let seen: Headers | undefined;
    const inner = async (_: RequestInfo | URL, init?: RequestInit) => ((seen = new Headers(init?.headers)), new Response('{}'));
    await stripTelemetryFetch(inner)('http://x', { headers: { 'X-Stainless-Lang': 'js', Authorization: 'Bearer k' } });
    expect([...seen!.keys()]).toEqual(['authorization']);
  });
  it('parses retry-after in seconds, ms and as a date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '150' }))).toBe(150);
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
  it('retries what may pass later, not what will fail again', () => {
    expect(isRetryable(new LlmError('server', 'x', { status: 502 }))).toBe(true);
    expect(isRetryable(new LlmError('http', 'x', { status: 408 }))).toBe(true);
    expect(isRetryable(new LlmError('quota', 'x', { status: 429 }))).toBe(false);
    expect(isRetryable(new LlmError('unauthorized', 'x', { status: 401 }))).toBe(false);
  });
  it('the limiter queues beyond its limit and drops an aborted waiter', async () => {
    const limiter = new Limiter(1);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => (release = r)));
    const stop = new AbortController();
    const second = limiter.run(async () => 'ran', stop.signal);
    expect(limiter.queued).toBe(1);
    stop.abort();
    await expect(second).rejects.toThrow();
    expect(limiter.queued).toBe(0);
    release();
    await first;
    expect(limiter.active).toBe(0);
  });
});

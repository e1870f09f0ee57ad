// The LLM client against the mock server: outcomes, retry counts, elapsed bounds, no secret in any
// message. Run by the unit tier (Node) and the browser tier (Chromium, where CORS is real).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LlmClient, llmConfig, LlmError, memoryResponseCache, type LlmConfig } from '../../src/llm';
import type { MockControl } from '../helpers/llm-mock-control';

export const SECRET = 'sk-test-SECRET-0123456789abcdefXYZ';

/** Collects every console line written during a test, to prove the key is in none of them. */
export function captureConsole(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const spies = methods.map((m) =>
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' '))),
  );
  return { lines, restore: () => spies.forEach((s) => s.mockRestore()) };
}

export function testConfig(mock: MockControl, over: Partial<LlmConfig> = {}): LlmConfig {
  return llmConfig({
    baseURL: mock.baseURL,
    apiKey: SECRET,
    model: 'mock-model',
    timeoutMs: 300,
    maxRetries: 2,
    backoffMs: 20,
    maxBackoffMs: 100,
    ...over,
  });
}

async function failure(p: Promise<unknown>): Promise<LlmError> {
  const e = await p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(LlmError);
  return e as LlmError;
}

const ask = [{ role: 'user' as const, content: 'hello' }];

export function llmClientSuite(control: () => MockControl): void {
  describe('LLM client against the mock server', () => {
    let mock: MockControl;
    let logs: ReturnType<typeof captureConsole>;
    beforeEach(async () => {
      mock = control();
      await mock.reset();
      logs = captureConsole();
    });
    afterEach(() => {
      logs.restore();
      for (const line of logs.lines) expect(line).not.toContain(SECRET);
    });

    it('answers, counts tokens, sends the key and no X-Stainless-* header', async () => {
      await mock.script({ content: 'hi there', usage: { prompt_tokens: 7, completion_tokens: 3 } });
      const client = new LlmClient(testConfig(mock));
      const res = await client.chat(ask, { temperature: 0.7 });
      expect(res).toEqual({ text: 'hi there', cached: false, attempts: 1 });
      expect(client.usage).toMatchObject({ requests: 1, retries: 0, promptTokens: 7, completionTokens: 3 });
      const [req] = await mock.requests();
      expect(req.headers.authorization).toBe(`Bearer ${SECRET}`);
      expect(Object.keys(req.headers).filter((h) => h.startsWith('x-stainless'))).toEqual([]);
      // In Chromium the preflight names the headers to come; the strict server allows no X-Stainless-*.
      for (const p of await mock.preflights()) expect(p.headers['access-control-request-headers'] ?? '').not.toMatch(/stainless/);
      expect(req.body).toMatchObject({ model: 'mock-model', temperature: 0.7, messages: ask });
      expect(JSON.stringify(client)).not.toContain(SECRET);
    });

    it('429 with retry-after: waits as told, then succeeds', async () => {
      await mock.script({ status: 429, error: { message: 'slow down' }, headers: { 'retry-after': '1' } }, { content: 'done' });
      const client = new LlmClient(testConfig(mock));
      const t0 = performance.now();
      const res = await client.chat(ask, { temperature: 0.7 });
      const ms = performance.now() - t0;
      expect(res).toMatchObject({ text: 'done', attempts: 2 });
      expect((await mock.requests()).length).toBe(2);
      expect(ms).toBeGreaterThanOrEqual(950);
      expect(ms).toBeLessThan(2500);
    });

    it('500 then success: one retry after a short backoff', async () => {
      await mock.script({ status: 500, error: { message: 'boom' } }, { content: 'fine' });
      const client = new LlmClient(testConfig(mock));
      const t0 = performance.now();
      const res = await client.chat(ask, { temperature: 0.7 });
      expect(res).toMatchObject({ text: 'fine', attempts: 2 });
      expect(client.usage.retries).toBe(1);
      expect(performance.now() - t0).toBeLessThan(1000);
    });

    it('500 every time: gives up after maxRetries', async () => {
      await mock.script({ status: 503, error: { message: 'down' } });
      const err = await failure(new LlmClient(testConfig(mock)).chat(ask, { temperature: 0.7 }));
      expect(err.kind).toBe('server');
      expect(err.attempts).toBe(3);
      expect((await mock.requests()).length).toBe(3);
    });

    it('401: no retry, and the key the server echoes is not in the message', async () => {
      await mock.script({ status: 401, error: { message: `Incorrect API key provided: ${SECRET}`, code: 'invalid_api_key' } });
      const err = await failure(new LlmClient(testConfig(mock)).chat(ask, { temperature: 0.7 }));
      expect(err.kind).toBe('unauthorized');
      expect(err.attempts).toBe(1);
      expect((await mock.requests()).length).toBe(1);
      expect(err.message).not.toContain(SECRET);
      expect(String(err.stack)).not.toContain(SECRET);
      expect(err.message).toContain('[redacted]');
    });

    it('no retry on 400, 403, 404 or insufficient_quota', async () => {
      const cases = [
        [{ status: 400, error: { message: 'bad' } }, 'bad-request'],
        [{ status: 403, error: { message: 'no' } }, 'forbidden'],
        [{ status: 404, error: { message: 'model not found' } }, 'not-found'],
        [{ status: 429, error: { message: 'quota', type: 'insufficient_quota', code: 'insufficient_quota' } }, 'quota'],
      ] as const;
      for (const [reply, kind] of cases) {
        await mock.reset();
        await mock.script(reply);
        const err = await failure(new LlmClient(testConfig(mock)).chat(ask, { temperature: 0.7 }));
        expect(err.kind).toBe(kind);
        expect((await mock.requests()).length).toBe(1);
      }
    });

    it('slower than the timeout: each attempt is cut at the timeout, then it fails', async () => {
      await mock.script({ content: 'late', delayMs: 3000 });
      const client = new LlmClient(testConfig(mock, { maxRetries: 1 }));
      const t0 = performance.now();
      const err = await failure(client.chat(ask, { temperature: 0.7 }));
      const ms = performance.now() - t0;
      expect(err.kind).toBe('timeout');
      expect(err.attempts).toBe(2);
      expect(ms).toBeGreaterThanOrEqual(600);
      expect(ms).toBeLessThan(1500);
    });

    it('abort mid-request: stops at once, no retry', async () => {
      await mock.script({ content: 'late', delayMs: 3000 });
      const client = new LlmClient(testConfig(mock, { timeoutMs: 5000 }));
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 100);
      const t0 = performance.now();
      const err = await failure(client.chat(ask, { temperature: 0.7, signal: stop.signal }));
      expect(err.kind).toBe('aborted');
      expect(err.name).toBe('AbortError');
      expect(performance.now() - t0).toBeLessThan(600);
      expect((await mock.requests()).length).toBe(1);
    });

    it('abort during a backoff stops at once too', async () => {
      await mock.script({ status: 429, error: { message: 'wait' }, headers: { 'retry-after': '5' } });
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 150);
      const t0 = performance.now();
      const err = await failure(new LlmClient(testConfig(mock)).chat(ask, { temperature: 0.7, signal: stop.signal }));
      expect(err.kind).toBe('aborted');
      expect(performance.now() - t0).toBeLessThan(800);
      expect((await mock.requests()).length).toBe(1);
    });

    it('keeps at most `concurrency` requests in flight', async () => {
      await mock.script({ content: 'x', delayMs: 150 });
      const client = new LlmClient(testConfig(mock, { concurrency: 2 }));
      const t0 = performance.now();
      const all = Promise.all(Array.from({ length: 4 }, () => client.chat(ask, { temperature: 0.7 })));
      await new Promise((r) => setTimeout(r, 50));
      expect(client.limiter.active).toBe(2);
      expect(client.limiter.queued).toBe(2);
      await all;
      expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    });

    it('answers repeated temperature-0 requests from the cache, never sampled ones', async () => {
      await mock.script({ content: 'same' });
      const client = new LlmClient(testConfig(mock), { cache: memoryResponseCache() });
      await client.chat(ask, { temperature: 0 });
      expect(await client.chat(ask, { temperature: 0 })).toEqual({ text: 'same', cached: true, attempts: 0 });
      await client.chat(ask, { temperature: 0.7 });
      await client.chat(ask, { temperature: 0.7 });
      expect((await mock.requests()).length).toBe(3);
      expect(client.usage.cacheHits).toBe(1);
    });
  });
}

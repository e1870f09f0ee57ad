// "Test connection" against the mock server: each result kind, in words, without the key.
import { beforeEach, describe, expect, it } from 'vitest';
import { testConnection } from '../../src/llm';
import type { MockControl } from '../helpers/llm-mock-control';
import { SECRET, testConfig } from './llm-client';

/** A port nothing listens on (the mock server's port + 1 is not guaranteed free; this one is unlikely to be used). */
const DEAD_URL = 'http://127.0.0.1:39871/v1';

export function llmConnectionSuite(control: () => MockControl): void {
  describe('testConnection', () => {
    let mock: MockControl;
    beforeEach(async () => {
      mock = control();
      await mock.reset();
    });

    it('works: reports the latency, one request, no retry', async () => {
      const res = await testConnection(testConfig(mock));
      expect(res.kind).toBe('ok');
      if (res.kind === 'ok') expect(res.message).toContain(`${res.latencyMs} ms`);
      expect((await mock.requests()).length).toBe(1);
    });

    it('401: says the key was rejected, without the key', async () => {
      await mock.script({ status: 401, error: { message: `Incorrect API key provided: ${SECRET}` } });
      const res = await testConnection(testConfig(mock));
      expect(res.kind).toBe('unauthorized');
      expect(res.message).toMatch(/API key/);
      expect(res.message).not.toContain(SECRET);
    });

    it('model not found (404, as OpenAI, Ollama and vLLM answer)', async () => {
      await mock.script({ status: 404, error: { message: "model 'nope' not found", code: 'model_not_found' } });
      const res = await testConnection(testConfig(mock, { model: 'nope' }));
      expect(res.kind).toBe('model-not-found');
      expect(res.message).toContain('"nope"');
    });

    it('a 500 is not retried by the test', async () => {
      await mock.script({ status: 500, error: { message: 'boom' } });
      const res = await testConnection(testConfig(mock));
      expect(res.kind).toBe('error');
      expect((await mock.requests()).length).toBe(1);
    });

    it('unreachable: nothing listens there', async () => {
      const res = await testConnection({ ...testConfig(mock), baseURL: DEAD_URL });
      expect(res.kind).toBe('unreachable');
      expect(res.message).toContain(DEAD_URL);
    });
  });
}

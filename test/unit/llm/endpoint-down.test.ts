// Which LLM failures are the endpoint's, how the error that stops a run reads, and how it reaches the UI.
import { describe, expect, it } from 'vitest';
import { endpointLabel, isEndpointFailure, LlmEndpointDown, LlmError } from '../../../src/llm';
import { CriticDropError } from '../../../src/llm/outcome';
import { toWorkerError } from '../../../src/worker/errors';

const failure = (kind: LlmError['kind'], status?: number) => Object.assign(new LlmError(kind, 'x', { status, attempts: 4 }), { endpoint: 'http://localhost:11434/v1' });

describe('endpoint failures', () => {
  it('are the ones left after retries that say nothing about the trajectory', () => {
    for (const kind of ['unreachable', 'timeout', 'server', 'rate-limited', 'bad-response'] as const) expect(isEndpointFailure(failure(kind)), kind).toBe(true);
    for (const kind of ['unauthorized', 'quota', 'aborted'] as const) expect(isEndpointFailure(failure(kind)), kind).toBe(false);
    expect(isEndpointFailure(new CriticDropError({ reason: 'unparsable-feedback', detail: 'x', raw: '?' }))).toBe(false);
    expect(isEndpointFailure(new TypeError('Failed to fetch'))).toBe(false);
  });

  it('say how the endpoint failed, where, and what to do', () => {
    expect(new LlmEndpointDown(failure('timeout'), 3).message).toBe(
      'The LLM endpoint at http://localhost:11434/v1 did not answer (timeout after 4 tries) for 3 trajectories in a row. Check it is running, or Settings → Test connection, then Resume.',
    );
    expect(new LlmEndpointDown(failure('server', 503), 3).message).toContain('(server error 503 after 4 tries)');
    expect(new LlmEndpointDown(failure('rate-limited', 429), 3).message).toContain('(rate limited (429) after 4 tries)');
    expect(new LlmEndpointDown(failure('bad-response'), 3).message).toContain('answered with something other than a chat completion (is the base URL an OpenAI-compatible /v1?) for 3 trajectories');
    expect(new LlmEndpointDown(new LlmError('unreachable', 'x'), 3).message).toMatch(/^The LLM endpoint did not answer \(connection failed after 1 try\)/);
  });

  it('never show credentials or query strings of the base URL', () => {
    expect(endpointLabel('https://user:sk-secret@api.example.com/v1/?key=sk-secret#x')).toBe('https://api.example.com/v1');
    expect(endpointLabel('not a url')).toBe('its address');
  });

  it('reach the UI as a resumable LlmEndpointDown with the failure kind', () => {
    expect(toWorkerError(new LlmEndpointDown(failure('unreachable'), 3))).toMatchObject({ name: 'LlmEndpointDown', llmKind: 'unreachable', resumable: true });
  });
});

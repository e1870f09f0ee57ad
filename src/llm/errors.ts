// One error type for every way an LLM call can fail, with a message meant for users and no secret in it.

import { APIError, APIConnectionError, APIUserAbortError } from 'openai';
import { redact } from './secrets';

export type LlmErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'aborted'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'bad-request'
  | 'quota'
  | 'rate-limited'
  | 'server'
  | 'http'
  | 'bad-response';

export class LlmError extends Error {
  readonly kind: LlmErrorKind;
  readonly status: number | undefined;
  /** Attempts made, the first one included. */
  attempts: number;
  /** How long the server asked us to wait (retry-after), in ms, when it said. */
  readonly retryAfterMs: number | undefined;
  /** The base URL the request went to; set by the client. */
  endpoint: string | undefined;

  constructor(kind: LlmErrorKind, message: string, opts: { status?: number; attempts?: number; retryAfterMs?: number } = {}) {
    super(message);
    // Callers that only know the DOM convention can still tell Stop from failure.
    this.name = kind === 'aborted' ? 'AbortError' : 'LlmError';
    this.kind = kind;
    this.status = opts.status;
    this.attempts = opts.attempts ?? 1;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** Whether a later attempt may succeed: network trouble, timeouts, 408, 429 (not out of quota), 5xx. */
export function isRetryable(err: LlmError): boolean {
  return ['unreachable', 'timeout', 'rate-limited', 'server'].includes(err.kind) || err.status === 408;
}

/** `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function serverMessage(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : '';
}

function errorCode(err: APIError): string {
  return String(err.code ?? err.type ?? '');
}

/** Our words for an SDK error; the server's own message is appended after redaction. */
export function fromSdkError(err: unknown, apiKey: string): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof APIUserAbortError) return new LlmError('aborted', 'The request was stopped.');
  if (err instanceof APIConnectionError) {
    return new LlmError('unreachable', 'The server could not be reached (network error, server down, or blocked by CORS).');
  }
  if (err instanceof APIError && err.status !== undefined) {
    const status = err.status;
    const detail = redact(serverMessage(err), apiKey);
    const say = (text: string) => (detail ? `${text} Server says: ${detail}` : text);
    const wait = retryAfterMs(err.headers);
    if (status === 401) return new LlmError('unauthorized', say('The server rejected the API key (401).'), { status });
    if (status === 403) return new LlmError('forbidden', say('The API key may not use this model or endpoint (403).'), { status });
    if (status === 404) return new LlmError('not-found', say('Not found (404): check the base URL and the model name.'), { status });
    if (status === 400) return new LlmError('bad-request', say('The server refused the request (400).'), { status });
    if (status === 429 && errorCode(err) === 'insufficient_quota') {
      return new LlmError('quota', say('The account has no quota left (429 insufficient_quota).'), { status });
    }
    if (status === 429) return new LlmError('rate-limited', say('Rate limited (429).'), { status, retryAfterMs: wait });
    if (status >= 500) return new LlmError('server', say(`The server failed (${status}).`), { status, retryAfterMs: wait });
    return new LlmError('http', say(`The server answered ${status}.`), { status, retryAfterMs: wait });
  }
  const text = err instanceof Error ? err.message : String(err);
  return new LlmError('bad-response', `The server's answer could not be read: ${redact(text, apiKey)}`);
}

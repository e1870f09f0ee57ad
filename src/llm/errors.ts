// One error type for every way an LLM call can fail, with a message meant for users and no secret in it.

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

// The openai SDK's errors in our words. Apart from errors.ts so that pages which only show an LlmError do not
// load the SDK (it comes with the client, in the worker or with Test connection).
import { APIError, APIConnectionError, APIUserAbortError } from 'openai';
import { LlmError, retryAfterMs } from './errors';
import { redact } from './secrets';

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

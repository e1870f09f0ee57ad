// "Test connection": one request, no retries, and an answer in words the user can act on.

import { blockedPort } from './blocked-ports';
import type { LlmConfig } from './config';
import { LlmClient } from './client';
import { LlmError } from './errors';
import { corsAdvice, presetForURL, type LlmPreset } from './presets';

export type ConnectionResult =
  | { kind: 'ok'; latencyMs: number; message: string }
  | { kind: 'unreachable' | 'blocked-port' | 'cors' | 'unauthorized' | 'model-not-found' | 'timeout' | 'error'; message: string; status?: number };

export interface TestConnectionDeps {
  fetch?: typeof globalThis.fetch;
  /** The preset whose CORS setting to name; guessed from the base URL when omitted. */
  preset?: LlmPreset;
  /** This page's origin, for the CORS advice. */
  origin?: string;
}

/** In a page or worker, a failed fetch may be CORS; in Node it never is. */
const inBrowser = () => typeof (globalThis as { location?: unknown }).location !== 'undefined';

/**
 * Whether anything answers at `baseURL`: a no-cors request gets an opaque response from a live
 * server even where CORS would block reading it, and fails only when nothing answers.
 */
async function answersOpaquely(baseURL: string, timeoutMs: number, fetchFn: typeof globalThis.fetch): Promise<boolean> {
  try {
    await fetchFn(`${baseURL.replace(/\/+$/, '')}/models`, { mode: 'no-cors', signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}

const mentionsMissingModel = (text: string) => /model/i.test(text) && /not (be )?found|does not exist|no such|unknown/i.test(text);

export async function testConnection(config: LlmConfig, deps: TestConnectionDeps = {}): Promise<ConnectionResult> {
  // The browser refuses these ports before sending anything: say so, rather than that nothing answers.
  const port = blockedPort(config.baseURL);
  if (port !== null) {
    return {
      kind: 'blocked-port',
      message: `Browsers refuse to connect to port ${port} (it belongs to another protocol, so fetching from it is blocked as unsafe), whatever listens there. Run the server on another port, such as 8000 or 11434, and change the base URL.`,
    };
  }
  const fetchFn = deps.fetch ?? ((...args) => globalThis.fetch(...args));
  const client = new LlmClient({ ...config, maxRetries: 0, cache: false, maxTokens: 1, concurrency: 1 }, { fetch: fetchFn });
  const started = performance.now();
  try {
    await client.chat([{ role: 'user', content: 'Reply with OK.' }], { temperature: 0 });
    const latencyMs = Math.round(performance.now() - started);
    return { kind: 'ok', latencyMs, message: `Works: ${config.model} answered in ${latencyMs} ms.` };
  } catch (e) {
    const err = e instanceof LlmError ? e : new LlmError('bad-response', 'The answer could not be read.');
    const status = err.status;
    switch (err.kind) {
      case 'unreachable': {
        if (inBrowser() && (await answersOpaquely(config.baseURL, config.timeoutMs, fetchFn))) {
          const origin = deps.origin ?? (globalThis as { location?: Location }).location?.origin ?? 'this page';
          const advice = corsAdvice(deps.preset ?? presetForURL(config.baseURL), origin);
          return { kind: 'cors', message: `The server at ${config.baseURL} answered, but the browser blocked the reply (CORS). ${advice}` };
        }
        return { kind: 'unreachable', message: `Nothing answers at ${config.baseURL}. Is the server running, and is the address right?` };
      }
      case 'unauthorized':
      case 'forbidden':
        return { kind: 'unauthorized', status, message: `${err.message} Check the API key.` };
      case 'timeout':
        return { kind: 'timeout', message: `The server did not answer within ${config.timeoutMs} ms.` };
      case 'not-found':
        return { kind: 'model-not-found', status, message: `The server has no model "${config.model}" (or the base URL is wrong). ${err.message}` };
      default:
        if (mentionsMissingModel(err.message)) {
          return { kind: 'model-not-found', status, message: `The server has no model "${config.model}". ${err.message}` };
        }
        return { kind: 'error', status, message: err.message };
    }
  }
}

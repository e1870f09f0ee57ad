// Chat completions through the `openai` package, with our own timeout, retries, limiter, cache and usage counts.

import OpenAI from 'openai';
import type { LlmConfig } from './config';
import { publicConfig } from './config';
import { LlmError, isRetryable } from './errors';
import { fromSdkError } from './sdk-errors';
import { Limiter } from './limiter';
import { stripTelemetryFetch } from './strip-headers';
import { cacheKey, type ResponseCache } from './cache';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  temperature: number;
  signal?: AbortSignal;
}

export interface ChatResult {
  text: string;
  /** Answered from the response cache (no request made). */
  cached: boolean;
  /** Requests made for this answer, retries included; 0 when cached. */
  attempts: number;
}

/** Counted per client; the pipeline makes one client per run (or calls resetUsage). */
export interface LlmUsage {
  requests: number;
  retries: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
}

export interface LlmClientDeps {
  cache?: ResponseCache;
  /** The fetch under the header-stripping wrapper; the global one by default. */
  fetch?: typeof globalThis.fetch;
  /** Jitter source, so tests can pin the backoff. */
  random?: () => number;
}

const emptyUsage = (): LlmUsage => ({ requests: 0, retries: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0 });

/** Waits `ms`, or rejects at once when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const stopped = () => new LlmError('aborted', 'The request was stopped.');

export class LlmClient {
  readonly config: LlmConfig;
  readonly limiter: Limiter;
  #usage = emptyUsage();
  readonly #sdk: OpenAI;
  readonly #cache: ResponseCache | undefined;
  readonly #random: () => number;

  constructor(config: LlmConfig, deps: LlmClientDeps = {}) {
    this.config = config;
    this.limiter = new Limiter(config.concurrency);
    this.#cache = deps.cache;
    this.#random = deps.random ?? Math.random;
    this.#sdk = new OpenAI({
      baseURL: config.baseURL,
      // The SDK insists on a key; local servers ignore whatever we send.
      apiKey: config.apiKey || 'no-key',
      dangerouslyAllowBrowser: true,
      // Retries and timeouts are ours (the SDK would retry 409 and insufficient_quota).
      maxRetries: 0,
      timeout: config.timeoutMs + 5_000,
      fetch: stripTelemetryFetch(deps.fetch),
      logLevel: 'off',
    });
  }

  get usage(): LlmUsage {
    return { ...this.#usage };
  }

  resetUsage(): void {
    this.#usage = emptyUsage();
  }

  /** One chat completion: cached, limited, retried with backoff; throws LlmError only. */
  async chat(messages: ChatMessage[], opts: ChatOptions): Promise<ChatResult> {
    const { signal, temperature } = opts;
    const useCache = this.#cache !== undefined && this.config.cache && temperature === 0;
    const key = useCache ? await cacheKey({ ...this.config, temperature, messages }) : '';
    if (useCache) {
      const hit = await this.#cache!.get(key);
      if (hit !== undefined) {
        this.#usage.cacheHits++;
        return { text: hit, cached: true, attempts: 0 };
      }
    }
    let result: ChatResult;
    try {
      result = await this.limiter.run(() => this.#withRetries(messages, temperature, signal), signal);
    } catch (e) {
      // The limiter rejects with the signal's reason when Stop comes while the call waits for a slot.
      throw e instanceof LlmError || !signal?.aborted ? e : stopped();
    }
    // A full or broken cache must not fail a request that succeeded.
    if (useCache) await this.#cache!.put(key, result.text).catch(() => undefined);
    return result;
  }

  async #withRetries(messages: ChatMessage[], temperature: number, signal?: AbortSignal): Promise<ChatResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const text = await this.#attempt(messages, temperature, signal);
        return { text, cached: false, attempts: attempt };
      } catch (e) {
        const err = fromSdkError(e, this.config.apiKey);
        err.attempts = attempt;
        err.endpoint = this.config.baseURL;
        if (err.kind === 'aborted' || !isRetryable(err) || attempt > this.config.maxRetries) throw err;
        this.#usage.retries++;
        await sleep(this.#delay(attempt, err), signal).catch(() => {
          throw Object.assign(stopped(), { attempts: attempt });
        });
      }
    }
  }

  /** retry-after when the server sent it (capped at a minute), else exponential backoff with ±25% jitter. */
  #delay(attempt: number, err: LlmError): number {
    if (err.retryAfterMs !== undefined) return Math.min(err.retryAfterMs, 60_000);
    const base = Math.min(this.config.maxBackoffMs, this.config.backoffMs * 2 ** (attempt - 1));
    return base * (0.75 + 0.5 * this.#random());
  }

  /** One request under the per-attempt timeout; a user abort wins over a timeout. */
  async #attempt(messages: ChatMessage[], temperature: number, signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) throw stopped();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.config.timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#usage.requests++;
    try {
      const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = { model: this.config.model, messages, temperature };
      if (this.config.maxTokens > 0) body.max_tokens = this.config.maxTokens;
      const res = await this.#sdk.chat.completions.create(body, { signal: controller.signal });
      this.#usage.promptTokens += res.usage?.prompt_tokens ?? 0;
      this.#usage.completionTokens += res.usage?.completion_tokens ?? 0;
      const text = res.choices?.[0]?.message?.content;
      if (typeof text !== 'string') throw new LlmError('bad-response', 'The server answered without a message.');
      return text;
    } catch (e) {
      if (signal?.aborted) throw stopped();
      if (timedOut) throw new LlmError('timeout', `No answer within ${this.config.timeoutMs} ms.`);
      throw e;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Keeps the key out of JSON.stringify. */
  toJSON(): object {
    return { config: publicConfig(this.config), usage: this.usage };
  }
}

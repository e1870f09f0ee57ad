// Settings of the LLM critic's endpoint; the API key travels beside them, never inside an export.

/** Where and how to call an OpenAI-compatible chat-completions endpoint. */
export interface LlmConfig {
  /** e.g. `http://localhost:11434/v1`; the SDK appends `/chat/completions`. */
  baseURL: string;
  /** Local servers accept any placeholder. Held in memory only; see secrets.ts. */
  apiKey: string;
  model: string;
  /** FBK temperature; the reference code judges greedily. */
  feedbackTemperature: number;
  /** IMP temperature; the reference code samples improvements at 0.7. */
  improveTemperature: number;
  /** Per attempt, not per call with its retries. */
  timeoutMs: number;
  /** Retries after the first attempt, on network errors, timeouts, 408, 429 and 5xx. */
  maxRetries: number;
  /** First backoff delay; doubles each retry (with jitter) up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Requests in flight at most, across all callers of one client. */
  concurrency: number;
  /** Answer temperature-0 requests from the response cache when one is given. */
  cache: boolean;
  maxTokens: number;
}

export const DEFAULT_LLM_CONFIG: Omit<LlmConfig, 'baseURL' | 'apiKey' | 'model'> = {
  feedbackTemperature: 0,
  improveTemperature: 0.7,
  timeoutMs: 60_000,
  maxRetries: 3,
  backoffMs: 500,
  maxBackoffMs: 8_000,
  concurrency: 4,
  cache: true,
  maxTokens: 1024,
};

/** A config with defaults filled in. */
export function llmConfig(partial: Pick<LlmConfig, 'baseURL' | 'apiKey' | 'model'> & Partial<LlmConfig>): LlmConfig {
  return { ...DEFAULT_LLM_CONFIG, ...partial };
}

/** The config as it may be stored or exported: everything but the key. */
export function publicConfig(config: LlmConfig): Omit<LlmConfig, 'apiKey'> {
  const { apiKey: _omitted, ...rest } = config;
  return rest;
}

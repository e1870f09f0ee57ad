// What the LLM mock server and its controllers share; no Node imports, so browser tests can load it.

/** One scripted answer. Status 200 answers `content` as a chat completion; others answer `error`. */
export interface MockReply {
  status?: number;
  content?: string;
  error?: { message: string; type?: string; code?: string };
  /** Raw JSON body; overrides `content` and `error`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Waits this long before answering (for timeouts and aborts). */
  delayMs?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export interface MockRequest {
  method: string;
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: unknown;
  /** The client closed the connection before the answer was sent. */
  closedEarly: boolean;
}

export type MockHandler = (req: MockRequest, index: number) => MockReply;

export interface MockOptions {
  /** Send CORS headers (default true); false is a server whose CORS setting is off. */
  cors?: boolean;
}

/** The request headers a strict server allows cross-origin; X-Stainless-* is deliberately absent. */
export const ALLOWED_HEADERS = 'authorization, content-type, accept';

export const CHAT_PATH = '/v1/chat/completions';
export const CONTROL_PREFIX = '/__mock/';

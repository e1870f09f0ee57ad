// A real OpenAI-compatible chat-completions server on 127.0.0.1 for tests: scripted replies per route,
// CORS like a strict local server, a request log, and an HTTP control API so browser tests can script it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALLOWED_HEADERS, CHAT_PATH, CONTROL_PREFIX } from './llm-mock-protocol';
import type { MockHandler, MockOptions, MockReply, MockRequest } from './llm-mock-protocol';

export { ALLOWED_HEADERS, CHAT_PATH, CONTROL_PREFIX } from './llm-mock-protocol';
export type { MockHandler, MockOptions, MockReply, MockRequest } from './llm-mock-protocol';

export interface LlmMockServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** `url + '/v1'`, what the client's baseURL is. */
  readonly baseURL: string;
  /** Replaces the queue for `path`; the last reply repeats once the queue is used up. */
  script(path: string, ...replies: (MockReply | MockHandler)[]): void;
  reset(options?: MockOptions): void;
  /** Requests to `path` (all paths when omitted), preflights excluded. */
  requests(path?: string): MockRequest[];
  /** Preflight (OPTIONS) requests received. */
  preflights(): MockRequest[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function defaultReply(path: string): MockReply {
  if (path === CHAT_PATH) return { content: 'ok' };
  if (path === '/v1/models') return { body: { object: 'list', data: [{ id: 'mock-model', object: 'model' }] } };
  return { status: 404, error: { message: `no route ${path}` } };
}

function replyBody(reply: MockReply, req: MockRequest, n: number): unknown {
  if (reply.body !== undefined) return reply.body;
  const status = reply.status ?? 200;
  if (status !== 200) return { error: { type: 'mock_error', code: null, ...reply.error } };
  const usage = reply.usage ?? { prompt_tokens: 10, completion_tokens: 5 };
  return {
    id: `chatcmpl-mock-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: (req.body as { model?: string } | undefined)?.model ?? 'mock-model',
    choices: [{ index: 0, message: { role: 'assistant', content: reply.content ?? '' }, finish_reason: 'stop' }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

/** Starts a mock server on a free port of 127.0.0.1. */
export async function startLlmMockServer(options: MockOptions = {}): Promise<LlmMockServer> {
  let cors = options.cors ?? true;
  let log: MockRequest[] = [];
  let queues = new Map<string, (MockReply | MockHandler)[]>();

  const corsHeaders = (control: boolean): Record<string, string> =>
    cors || control
      ? {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': ALLOWED_HEADERS,
          'access-control-expose-headers': 'retry-after, retry-after-ms',
        }
      : {};

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string>) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };

  const nextReply = (path: string, req: MockRequest, index: number): MockReply => {
    const queue = queues.get(path);
    if (!queue || queue.length === 0) return defaultReply(path);
    const item = queue.length > 1 ? queue.shift()! : queue[0];
    return typeof item === 'function' ? item(req, index) : item;
  };

  const control = (path: string, body: unknown, res: ServerResponse) => {
    const b = (body ?? {}) as { path?: string; replies?: MockReply[]; cors?: boolean };
    if (path === 'script') api.script(b.path ?? CHAT_PATH, ...(b.replies ?? []));
    else if (path === 'reset') api.reset({ cors: b.cors });
    else if (path === 'requests') return send(res, 200, log.filter((r) => r.method !== 'OPTIONS'), corsHeaders(true));
    else if (path === 'preflights') return send(res, 200, api.preflights(), corsHeaders(true));
    else return send(res, 404, { error: { message: `no control ${path}` } }, corsHeaders(true));
    send(res, 200, { ok: true }, corsHeaders(true));
  };

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const isControl = path.startsWith(CONTROL_PREFIX);
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    if (req.method === 'OPTIONS') {
      if (!isControl) log.push({ method: 'OPTIONS', path, headers: { ...(req.headers as Record<string, string>) }, body, closedEarly: false });
      res.writeHead(204, corsHeaders(isControl));
      return res.end();
    }
    if (isControl) return control(path.slice(CONTROL_PREFIX.length), body, res);
    const entry: MockRequest = { method: req.method ?? 'GET', path, headers: { ...(req.headers as Record<string, string>) }, body, closedEarly: false };
    log.push(entry);
    const index = log.filter((r) => r.path === path && r.method !== 'OPTIONS').length - 1;
    const reply = nextReply(path, entry, index);
    const answer = () => {
      if (res.destroyed) return;
      send(res, reply.status ?? 200, replyBody(reply, entry, index), { ...corsHeaders(false), ...reply.headers });
    };
    if (!reply.delayMs) return answer();
    const timer = setTimeout(answer, reply.delayMs);
    res.on('close', () => {
      if (!res.writableEnded) entry.closedEarly = true;
      clearTimeout(timer);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const api: LlmMockServer = {
    url,
    baseURL: `${url}/v1`,
    script: (path, ...replies) => void queues.set(path, replies),
    reset: (opts = {}) => {
      cors = opts.cors ?? true;
      log = [];
      queues = new Map();
    },
    requests: (path) => log.filter((r) => r.method !== 'OPTIONS' && (path === undefined || r.path === path)),
    preflights: () => log.filter((r) => r.method === 'OPTIONS'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}

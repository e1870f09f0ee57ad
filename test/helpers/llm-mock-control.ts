// Scripts a running LLM mock server over HTTP: from browser tests (which cannot reach Node objects) and Node alike.
import type { MockOptions, MockReply, MockRequest } from './llm-mock-protocol';
import { CHAT_PATH, CONTROL_PREFIX } from './llm-mock-protocol';

export interface MockControl {
  /** What the client's baseURL is. */
  baseURL: string;
  script(...replies: MockReply[]): Promise<void>;
  scriptPath(path: string, ...replies: MockReply[]): Promise<void>;
  reset(options?: MockOptions): Promise<void>;
  /** Chat-completion requests received since the last reset. */
  requests(): Promise<MockRequest[]>;
  preflights(): Promise<MockRequest[]>;
}

/** `url` is the server's origin, `http://127.0.0.1:PORT`. */
export function mockControl(url: string): MockControl {
  const call = async (name: string, body?: unknown) => {
    const res = await fetch(`${url}${CONTROL_PREFIX}${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    if (!res.ok) throw new Error(`mock control ${name}: ${res.status}`);
    return res.json();
  };
  return {
    baseURL: `${url}/v1`,
    script: async (...replies) => void (await call('script', { path: CHAT_PATH, replies })),
    scriptPath: async (path, ...replies) => void (await call('script', { path, replies })),
    reset: async (options = {}) => void (await call('reset', options)),
    requests: async () => ((await call('requests')) as MockRequest[]).filter((r) => r.path === CHAT_PATH),
    preflights: async () => (await call('preflights')) as MockRequest[],
  };
}

// Ports the browser refuses (ERR_UNSAFE_PORT): Test connection says so instead of "Nothing answers".
import { describe, expect, it } from 'vitest';
import { blockedPort } from '../../../src/llm/blocked-ports';
import { llmConfig, testConnection } from '../../../src/llm';

describe('blocked ports', () => {
  it('finds the Fetch standard’s bad ports in a base URL', () => {
    expect(blockedPort('http://localhost:6000/v1')).toBe(6000);
    for (const port of [6665, 6666, 6667, 6668, 6669, 6697, 10080, 1, 22, 25, 5060]) expect(blockedPort(`http://127.0.0.1:${port}/v1`)).toBe(port);
    expect(blockedPort('https://example.com:6667')).toBe(6667);
  });

  it('lets ordinary ports, default ports and odd input through', () => {
    for (const url of ['http://localhost:11434/v1', 'http://localhost:8000/v1', 'http://localhost:1234/v1', 'https://api.openai.com/v1', 'http://localhost:80/v1', 'http://host:6670/v1']) {
      expect(blockedPort(url)).toBeNull();
    }
    expect(blockedPort('not a url')).toBeNull();
    expect(blockedPort('ftp://host:6000/')).toBeNull();
  });

  it('Test connection names the blocked port and asks for another, without sending anything', async () => {
    let calls = 0;
    const fetch: typeof globalThis.fetch = async () => {
      calls++;
      throw new TypeError('Failed to fetch');
    };
    const res = await testConnection(llmConfig({ baseURL: 'http://localhost:6666/v1', model: 'm', apiKey: '' }), { fetch });
    expect(res.kind).toBe('blocked-port');
    expect(res.message).toContain('port 6666');
    expect(res.message).toMatch(/another port/);
    expect(calls).toBe(0);
  });
});

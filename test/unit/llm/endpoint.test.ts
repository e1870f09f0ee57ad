// Client, critics and testConnection in Node against one mock server (the browser tier runs the same suites in Chromium).
import { afterAll, beforeAll } from 'vitest';
import { startLlmMockServer, type LlmMockServer } from '../../helpers/llm-mock-server';
import { mockControl, type MockControl } from '../../helpers/llm-mock-control';
import { llmClientSuite } from '../../shared/llm-client';
import { llmCriticSuite } from '../../shared/llm-critic';
import { llmConnectionSuite } from '../../shared/llm-connection';

let server: LlmMockServer;
let control: MockControl;
beforeAll(async () => {
  server = await startLlmMockServer();
  control = mockControl(server.url);
});
afterAll(() => server.close());

llmClientSuite(() => control);
llmCriticSuite(() => control);
llmConnectionSuite(() => control);

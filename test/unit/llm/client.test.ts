import { afterAll, beforeAll } from 'vitest';
import { startLlmMockServer, type LlmMockServer } from '../../helpers/llm-mock-server';
import { mockControl, type MockControl } from '../../helpers/llm-mock-control';
import { llmClientSuite } from '../../shared/llm-client';

let server: LlmMockServer;
let control: MockControl;
beforeAll(async () => {
  server = await startLlmMockServer();
  control = mockControl(server.url);
});
afterAll(() => server.close());

llmClientSuite(() => control);

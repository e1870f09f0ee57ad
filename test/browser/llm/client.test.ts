import { inject } from 'vitest';
import { mockControl } from '../../helpers/llm-mock-control';
import { llmClientSuite } from '../../shared/llm-client';

// The mock server runs in Node (globalSetup); Chromium reaches it cross-origin, so CORS is real here.
const control = mockControl(inject('llmMockUrl'));
llmClientSuite(() => control);

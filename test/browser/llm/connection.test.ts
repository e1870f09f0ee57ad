import { describe, expect, inject, it } from 'vitest';
import { testConnection, presetById } from '../../../src/llm';
import { mockControl } from '../../helpers/llm-mock-control';
import { llmConnectionSuite } from '../../shared/llm-connection';
import { testConfig } from '../../shared/llm-client';

const control = mockControl(inject('llmMockUrl'));
llmConnectionSuite(() => control);

describe('testConnection in the browser', () => {
  it('CORS blocked: names the preset setting to change', async () => {
    await control.reset({ cors: false });
    const res = await testConnection(testConfig(control), { preset: presetById('ollama') });
    await control.reset();
    expect(res.kind).toBe('cors');
    expect(res.message).toContain(`OLLAMA_ORIGINS=${location.origin}`);
  });
});

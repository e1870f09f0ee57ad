import { inject } from 'vitest';
import { mockControl } from '../../helpers/llm-mock-control';
import { llmCriticSuite } from '../../shared/llm-critic';

const control = mockControl(inject('llmMockUrl'));
llmCriticSuite(() => control);

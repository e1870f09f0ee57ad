// Vitest globalSetup for the browser tier: the LLM mock server runs in Node; tests get its URL by inject('llmMockUrl').
import type { TestProject } from 'vitest/node';
import { startLlmMockServer } from './llm-mock-server';

declare module 'vitest' {
  export interface ProvidedContext {
    llmMockUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startLlmMockServer();
  project.provide('llmMockUrl', server.url);
  return () => server.close();
}

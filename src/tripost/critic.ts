// The critic a run asks for (config.critic), built the same way by the worker and the command line.
import type { ResponseCache } from '../llm/cache';
import { llmConfig } from '../llm/config';
import { LlmCritic } from '../llm/critic';
import { HybridCritic } from '../llm/hybrid';
import { createScriptedCritic, type Critic } from '../tasks';
import type { CriticKind } from './config';

/** Where the LLM critic lives; the key is held in memory only, never stored with the run. */
export interface LlmEndpoint {
  baseURL: string;
  model: string;
  apiKey: string;
}

export class MissingLlmEndpoint extends Error {
  override name = 'MissingLlmEndpoint';
}

export async function createCritic(kind: CriticKind, llm?: LlmEndpoint, cache?: ResponseCache): Promise<Critic> {
  if (kind === 'scripted') return createScriptedCritic();
  if (!llm?.baseURL || !llm.model) throw new MissingLlmEndpoint(`The ${kind} critic needs an LLM endpoint: a base URL and a model name.`);
  // The openai package is loaded only by runs that talk to an LLM.
  const { LlmClient } = await import('../llm/client');
  const critic = new LlmCritic(new LlmClient(llmConfig(llm), { cache }));
  return kind === 'llm' ? critic : new HybridCritic({ script: createScriptedCritic(), llm: critic });
}

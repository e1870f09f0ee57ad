// The critic a run asks for (config.critic), built the same way by the worker and the command line.
import { HybridCritic, LlmClient, LlmCritic, llmConfig, type ResponseCache } from '../llm';
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

export function createCritic(kind: CriticKind, llm?: LlmEndpoint, cache?: ResponseCache): Critic {
  if (kind === 'scripted') return createScriptedCritic();
  if (!llm?.baseURL || !llm.model) throw new MissingLlmEndpoint(`The ${kind} critic needs an LLM endpoint: a base URL and a model name.`);
  const critic = new LlmCritic(new LlmClient(llmConfig(llm), { cache }));
  return kind === 'llm' ? critic : new HybridCritic({ script: createScriptedCritic(), llm: critic });
}

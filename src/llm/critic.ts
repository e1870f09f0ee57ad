// The LLM critic: few-shot FBK and IMP over any OpenAI-compatible endpoint, behind the shared Critic interface.

import { checkImprovement, type Critic, type Feedback, type Problem, type TaskId } from '../tasks';
import type { LlmClient } from './client';
import { fewShotExamples, type FewShot } from './examples';
import { feedbackMessages, improveMessages } from './prompts';
import { parseLlmFeedback, parseLlmImprovement } from './parse';
import { CriticDropError } from './outcome';

export interface LlmCriticOptions {
  /** Few-shot examples per task; the task suite's own, generated with a fixed seed, by default. */
  examples?: (task: TaskId) => FewShot[];
}

/**
 * FBK at the feedback temperature (0: greedy, cacheable), IMP at the improve temperature (0.7).
 * An unparsable FBK or an illegal IMP rejects with CriticDropError carrying the raw answer;
 * `feedbackOutcome`/`improveOutcome` turn that into a recorded drop.
 */
export class LlmCritic implements Critic {
  readonly name: string;
  readonly client: LlmClient;
  readonly #examples: (task: TaskId) => FewShot[];
  readonly #shots = new Map<TaskId, FewShot[]>();

  constructor(client: LlmClient, options: LlmCriticOptions = {}) {
    this.client = client;
    this.name = `llm:${client.config.model}`;
    this.#examples = options.examples ?? ((task) => fewShotExamples(task));
  }

  /** Built once per task, on first use. */
  examplesFor(task: TaskId): FewShot[] {
    let shots = this.#shots.get(task);
    if (!shots) this.#shots.set(task, (shots = this.#examples(task)));
    return shots;
  }

  async feedback(problem: Problem, attempt: string, signal?: AbortSignal): Promise<Feedback> {
    const messages = feedbackMessages(problem.task, this.examplesFor(problem.task), problem, attempt);
    const { text } = await this.client.chat(messages, { temperature: this.client.config.feedbackTemperature, signal });
    const parsed = parseLlmFeedback(text, attempt);
    if (!parsed.ok) throw new CriticDropError({ reason: 'unparsable-feedback', detail: parsed.reason, raw: text });
    return parsed.feedback;
  }

  async improve(problem: Problem, attempt: string, feedback: Feedback, signal?: AbortSignal): Promise<string> {
    const messages = improveMessages(problem.task, this.examplesFor(problem.task), problem, attempt, feedback);
    const { text } = await this.client.chat(messages, { temperature: this.client.config.improveTemperature, signal });
    const improved = parseLlmImprovement(text);
    const legality = checkImprovement(attempt, feedback, improved);
    if (!legality.legal) throw new CriticDropError({ reason: 'illegal-improvement', detail: legality.reason, raw: text });
    return improved;
  }
}

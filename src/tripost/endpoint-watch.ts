// Fail fast on a dead LLM endpoint: a trajectory that ended because the endpoint failed (after the client's
// retries) is held back; `limit` of them in a row stop the run, and the next trajectory that gets through
// turns the held ones into ordinary stored drops. Held ones are never stored, so a resume edits them again.
import type { LlmError } from '../llm/errors';
import type { Critic } from '../tasks';
import { LlmEndpointDown } from '../llm/endpoint-down';

/** Trajectories in a row the endpoint may fail before the run stops. */
export const ENDPOINT_FAILURE_LIMIT = 3;

export class EndpointWatch<T> {
  readonly limit: number;
  /** Aborts with the run's signal, and when the watch trips (the other requests in flight are pointless then). */
  readonly signal: AbortSignal;
  #held: T[] = [];
  #error: LlmEndpointDown | null = null;
  readonly #trip = new AbortController();

  constructor(outer?: AbortSignal, limit = ENDPOINT_FAILURE_LIMIT) {
    this.limit = limit;
    this.signal = this.#trip.signal;
    // Linked by hand: AbortSignal.any is newer than the browsers WebGPU needs.
    if (outer?.aborted) this.#trip.abort(outer.reason);
    else outer?.addEventListener('abort', () => this.#trip.abort(outer.reason), { once: true });
  }

  /** Set once the watch has tripped. */
  get error(): LlmEndpointDown | null {
    return this.#error;
  }

  /** A trajectory the endpoint failed: held back; at the limit, throws LlmEndpointDown and aborts the rest. */
  failed(item: T, cause: LlmError): void {
    if (this.#error) throw this.#error;
    this.#held.push(item);
    if (this.#held.length < this.limit) return;
    this.#error = new LlmEndpointDown(cause, this.#held.length);
    this.#held = [];
    this.#trip.abort(this.#error);
    throw this.#error;
  }

  /** A trajectory that got through: the count starts again, and the held ones are returned to be stored as drops. */
  passed(): T[] {
    const held = this.#held;
    this.#held = [];
    return held;
  }

  /** Waits for every task; then throws the watch's error first, else the first failure. */
  async settle(tasks: Promise<void>[]): Promise<void> {
    const results = await Promise.allSettled(tasks);
    if (this.#error) throw this.#error;
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
  }
}

/**
 * The critic, noting whether its improver answered. Only that shows the endpoint is up: a hybrid critic's scripted
 * feedback (an attempt found correct at once) never reaches it, so such a trajectory must not start the count again.
 */
export function noteImproverAnswers(critic: Critic): { critic: Critic; answered: () => boolean } {
  let answered = false;
  return {
    critic: {
      name: critic.name,
      feedback: (problem, attempt, signal) => critic.feedback(problem, attempt, signal),
      improve: async (problem, attempt, feedback, signal) => {
        const text = await critic.improve(problem, attempt, feedback, signal);
        answered = true;
        return text;
      },
    },
    answered: () => answered,
  };
}

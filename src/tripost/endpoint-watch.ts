// Fail fast on a dead LLM endpoint: a trajectory that ended because the endpoint failed (after the client's
// retries) is held back; `limit` of them in a row stop the run, and the next trajectory that gets through
// turns the held ones into ordinary stored drops. Held ones are never stored, so a resume edits them again.
import type { LlmError } from '../llm/errors';
import type { Critic } from '../tasks';
import { LlmEndpointDown } from '../llm/endpoint-down';
import { CriticDropError } from '../llm/outcome';

/** Trajectories in a row the endpoint may fail before the run stops. */
export const ENDPOINT_FAILURE_LIMIT = 3;

export class EndpointWatch<T> {
  readonly limit: number;
  /** Aborts with the run's signal, and when the watch trips (the other requests in flight are pointless then). */
  readonly signal: AbortSignal;
  #held: T[] = [];
  #error: LlmEndpointDown | null = null;
  readonly #trip = new AbortController();
  readonly #unlink: () => void;
  /** The signals of the trajectories in flight (see `track`). */
  readonly #tracked = new Set<AbortController>();

  constructor(outer?: AbortSignal, limit = ENDPOINT_FAILURE_LIMIT) {
    this.limit = limit;
    this.signal = this.#trip.signal;
    // Linked by hand: AbortSignal.any is newer than the browsers WebGPU needs.
    const follow = () => this.#trip.abort(outer?.reason);
    if (outer?.aborted) follow();
    else outer?.addEventListener('abort', follow, { once: true });
    this.#unlink = () => outer?.removeEventListener('abort', follow);
    // One listener fans the abort out to every trajectory in flight.
    this.signal.addEventListener('abort', () => {
      for (const own of this.#tracked) own.abort(this.signal.reason);
      this.#tracked.clear();
    }, { once: true });
  }

  /** The stage is over: stop following the run's signal. */
  close(): void {
    this.#unlink();
  }

  /**
   * Runs one trajectory under a signal of its own that aborts with the watch's (same reason). Its requests listen
   * to that signal, not to the watch's: a chunk of trajectories sharing one signal put a listener each on it at once
   * (Node warns from 11: MaxListenersExceededWarning), and the link is dropped as soon as the trajectory ends.
   */
  async track<R>(task: (signal: AbortSignal) => Promise<R>): Promise<R> {
    const own = new AbortController();
    if (this.signal.aborted) own.abort(this.signal.reason);
    else this.#tracked.add(own);
    try {
      return await task(own.signal);
    } finally {
      this.#tracked.delete(own);
    }
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

  /**
   * Waits for every task; then throws the watch's error first, else the first failure to happen. The first failure
   * also aborts the others (a fatal error such as a 401 need not wait for their retries and timeouts).
   */
  async settle(tasks: Promise<void>[]): Promise<void> {
    let failure: { reason: unknown } | null = null;
    const watched = tasks.map((task) =>
      task.catch((reason: unknown) => {
        if (!failure) {
          failure = { reason };
          this.#trip.abort(reason);
        }
      }),
    );
    await Promise.all(watched);
    if (this.#error) throw this.#error;
    if (failure) throw (failure as { reason: unknown }).reason;
  }
}

/**
 * The critic, noting whether the endpoint answered: an improvement came back (legal or not), or an answer that could
 * not be used (a drop with the raw text). A hybrid critic's scripted feedback (an attempt found correct at once) never
 * reaches the endpoint, so a trajectory with only that must not start the count again.
 */
export function noteEndpointAnswers(critic: Critic): { critic: Critic; answered: () => boolean } {
  let answered = false;
  const noting = async <R>(call: () => Promise<R>): Promise<R> => {
    try {
      return await call();
    } catch (e) {
      if (e instanceof CriticDropError && e.drop.raw !== '') answered = true;
      throw e;
    }
  };
  return {
    critic: {
      name: critic.name,
      feedback: (problem, attempt, signal) => noting(() => critic.feedback(problem, attempt, signal)),
      improve: (problem, attempt, feedback, signal) =>
        noting(async () => {
          const text = await critic.improve(problem, attempt, feedback, signal);
          answered = true;
          return text;
        }),
    },
    answered: () => answered,
  };
}

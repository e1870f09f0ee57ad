// At most N calls in flight; the rest wait in order, and a waiter that is aborted leaves the queue at once.

export class Limiter {
  readonly max: number;
  #active = 0;
  readonly #waiting: { start: () => void }[] = [];

  constructor(max: number) {
    if (!(max >= 1)) throw new RangeError('the concurrency limit must be at least 1');
    this.max = Math.floor(max);
  }

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /** Runs `fn` when a slot is free; rejects with the signal's reason if aborted while waiting. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(signal);
    try {
      return await fn();
    } finally {
      this.#release();
    }
  }

  #acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.#active < this.max) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const i = this.#waiting.indexOf(entry);
        if (i >= 0) this.#waiting.splice(i, 1);
        reject(signal?.reason);
      };
      const entry = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.#waiting.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next.start();
    else this.#active--;
  }
}

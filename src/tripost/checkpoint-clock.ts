// When a training stage takes its mid-stage checkpoint (and an evaluation makes a resume point, evaluate-stage in
// stages.ts): often enough that a stop or a crash loses little, rarely enough that writing checkpoints costs under 5 %
// of the training time, whatever the model, backend and store.
/** The most of the training time that checkpoints may take. */
export const CHECKPOINT_SHARE = 0.05;
/** Checkpoints come at most this often, so a small model's fast steps do not rewrite the store all the time. */
export const MIN_CHECKPOINT_MS = 10_000;

/**
 * Due once the time since the last checkpoint reaches 1 / CHECKPOINT_SHARE times what that checkpoint took to write
 * (and MIN_CHECKPOINT_MS); or every `everySteps` steps when given (tests).
 */
export class CheckpointClock {
  #since = performance.now();
  #cost = 0;

  constructor(private readonly everySteps?: number) {}

  due(step: number): boolean {
    if (this.everySteps !== undefined) return step % this.everySteps === 0;
    return performance.now() - this.#since >= Math.max(MIN_CHECKPOINT_MS, this.#cost / CHECKPOINT_SHARE);
  }

  /** Runs a checkpoint write and times it: the next one waits in proportion. */
  async take(write: () => Promise<void>): Promise<void> {
    const start = performance.now();
    await write();
    this.#since = performance.now();
    this.#cost = this.#since - start;
  }
}

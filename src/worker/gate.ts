// Pause for a running pipeline: `wait()` is the pipeline's gate, awaited between steps, trajectory batches and stages.
import { nextTurn } from '../util/next-turn';

export class PauseGate {
  #paused = false;
  #release: (() => void) | null = null;
  #held: Promise<void> | null = null;

  /**
   * @param signal Stop: a gate that is holding the pipeline rejects at once with the abort reason.
   * @param onHold Called each time the pipeline actually blocks, i.e. the moment the pause took effect.
   */
  constructor(
    private signal: AbortSignal,
    private onHold: () => void,
  ) {
    signal.addEventListener('abort', () => this.continue(), { once: true });
  }

  get paused(): boolean {
    return this.#paused;
  }

  pause(): void {
    this.#paused = true;
  }

  continue(): void {
    this.#paused = false;
    this.#release?.();
    this.#release = null;
    this.#held = null;
  }

  /** Resolves after a turn of the event loop while running; while paused, when `continue` comes; rejects when stopped. */
  async wait(): Promise<void> {
    await nextTurn();
    this.signal.throwIfAborted();
    if (!this.#paused) return;
    if (!this.#held) {
      this.#held = new Promise<void>((resolve) => (this.#release = resolve));
      this.onHold();
    }
    await this.#held;
    this.signal.throwIfAborted();
  }
}


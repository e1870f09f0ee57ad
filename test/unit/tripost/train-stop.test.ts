// Stop during training: the step in flight lands before trainOn rejects, so destroying the engine right after
// (as the pipeline does) leaves no readback to reject unheard (the uncaught "Buffer was destroyed" AbortError).
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine';
import { tokenizerFor } from '../../../src/tokenizers';
import { trainOn } from '../../../src/tripost/train';
import { generateProblems } from '../../../src/tasks';
import { rationaleExample } from '../../../src/tripost/postprocess';

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
afterEach(() => process.off('unhandledRejection', onUnhandled));

/** An engine whose steps finish a tick later, and whose destroy fails any step still pending, as WebGPU's does. */
function slowEngine() {
  const pending = new Set<(err?: Error) => void>();
  let destroyed = false;
  let finished = 0;
  const engine = {
    trainStep: () =>
      new Promise<{ loss: number; gradNorm: number }>((resolve, reject) => {
        const settle = (err?: Error) => (err ? reject(err) : (finished++, resolve({ loss: 1, gradNorm: 1 })));
        pending.add(settle);
        setTimeout(() => pending.delete(settle) && settle(destroyed ? new Error('Buffer was destroyed before mapping was resolved') : undefined), 5);
      }),
    destroy: () => {
      destroyed = true;
      for (const settle of pending) settle(new Error('Buffer was destroyed before mapping was resolved'));
      pending.clear();
    },
  };
  return { engine: engine as unknown as Engine, finished: () => finished, inFlight: () => pending.size };
}

describe('trainOn stopped mid-epoch', () => {
  it('waits for the step in flight, then rejects with the AbortError; nothing rejects unheard after destroy', async () => {
    process.on('unhandledRejection', onUnhandled);
    const { engine, finished, inFlight } = slowEngine();
    const stop = new AbortController();
    const examples = generateProblems('msa', 'seen', 12, 1, 'easy').map(rationaleExample);
    const settings = { epochs: 1, lr: 1e-3, warmup: 0, batchSize: 2, contextLength: 384, w: 1.5, seed: 1, weightDecay: 0, gradClip: 1, beta1: 0.9, beta2: 0.95 };
    const run = trainOn(engine, tokenizerFor('task'), examples, settings, { signal: stop.signal, onStep: ({ step }) => step === 2 && stop.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(inFlight()).toBe(0); // the queued step landed before trainOn returned
    expect(finished()).toBe(3);
    engine.destroy();
    await new Promise((r) => setTimeout(r, 20));
    expect(unhandled).toEqual([]);
  });
});

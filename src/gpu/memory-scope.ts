// A device that cannot find the memory for a buffer says so only through an error scope, and the buffer is invalid
// from then on: work with it fails later with validation errors no one can read. WebGPU does not tell how much memory
// is free, so the memory a run needs is estimated and shown before it starts (engine/memory-estimate.ts), and the
// large allocations (a model's weights and optimizer state, a batch shape's activations, a generation's KV cache) run
// inside an out-of-memory scope: a failure there is a DeviceLimitError naming what did not fit.
import { DeviceLimitError } from './errors';

export async function allocateOrExplain<T>(device: GPUDevice, what: string, allocate: () => T | Promise<T>, release: (value: T) => void): Promise<T> {
  device.pushErrorScope('out-of-memory');
  let value: T;
  try {
    value = await allocate();
  } catch (err) {
    await device.popErrorScope();
    throw err;
  }
  const error = await device.popErrorScope();
  if (error) {
    release(value);
    throw new DeviceLimitError(`The GPU ran out of memory allocating ${what} (${error.message || 'out of memory'}). Close other GPU-heavy tabs, or ask for less: LoRA adapters, f16 frozen weights, a smaller model, shorter batches or fewer rows generated at once.`);
  }
  return value;
}

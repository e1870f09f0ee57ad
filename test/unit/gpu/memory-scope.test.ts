// Large allocations run inside an out-of-memory error scope (src/gpu/memory-scope.ts): a device that could not find
// the memory gets what was allocated released and a DeviceLimitError naming what did not fit and what to ask for.
import { describe, expect, it } from 'vitest';
import { allocateOrExplain, DeviceLimitError } from '../../../src/gpu';

/** The error scope calls of a device; popErrorScope answers with `error`. */
function fakeDevice(error: { message: string } | null) {
  const calls: string[] = [];
  const device = {
    pushErrorScope: (filter: string) => calls.push(`push ${filter}`),
    popErrorScope: async () => (calls.push('pop'), error),
  } as unknown as GPUDevice;
  return { device, calls };
}

describe('allocations that may not fit', () => {
  it('pass through when the device had the memory', async () => {
    const { device, calls } = fakeDevice(null);
    const released: number[] = [];
    expect(await allocateOrExplain(device, 'a KV cache', () => 7, (v) => released.push(v))).toBe(7);
    expect(calls).toEqual(['push out-of-memory', 'pop']);
    expect(released).toEqual([]);
  });

  it('release what was allocated and say what did not fit when the device ran out', async () => {
    const { device, calls } = fakeDevice({ message: 'Not enough memory left' });
    const released: string[] = [];
    const failed = allocateOrExplain(device, 'the activations of a batch of 16×512 tokens', async () => 'plan', (v) => released.push(v));
    await expect(failed).rejects.toThrow(DeviceLimitError);
    await expect(failed).rejects.toThrow(/^The GPU ran out of memory allocating the activations of a batch of 16×512 tokens \(Not enough memory left\)\. .*LoRA adapters, f16 frozen weights, a smaller model/);
    expect(released).toEqual(['plan']);
    expect(calls).toEqual(['push out-of-memory', 'pop']);
  });

  it('close the scope when allocating throws, and pass the error on', async () => {
    const { device, calls } = fakeDevice(null);
    await expect(allocateOrExplain(device, 'x', () => { throw new RangeError('bad size'); }, () => {})).rejects.toThrow('bad size');
    expect(calls).toEqual(['push out-of-memory', 'pop']);
  });
});

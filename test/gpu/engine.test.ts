import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine';
import { bufferStats } from '../../src/gpu';
import { GQA_CONFIG, NANO, engineSuite, learningSuite, queuedStepsSuite } from '../shared/engine';

engineSuite([
  { name: 'nano', config: NANO(53), B: 3, T: 13, steps: 5 },
  { name: 'odd GQA (H=6, KVH=2, untied)', config: GQA_CONFIG, B: 2, T: 19, steps: 5 },
]);

describe('engine learning', () => learningSuite(NANO(12), 60));

describe('engine step ordering', () => queuedStepsSuite(NANO(31)));

describe('configs the device cannot hold', () => {
  it('are refused before anything is allocated, naming the limit', async () => {
    const before = bufferStats.created;
    const huge = { ...NANO(200_000), dim: 1024, nHeads: 16, nKvHeads: 16 }; // 200k × 1024 floats of embeddings alone = 781 MiB
    await expect(createEngine({ backend: 'webgpu', config: huge, seed: 1 })).rejects.toThrow(/maxStorageBufferBindingSize|maxBufferSize/);
    await expect(createEngine({ backend: 'webgpu', config: { ...NANO(50), nHeads: 3 }, seed: 1 })).rejects.toThrow(/nHeads \(3\) must divide dim \(32\)/);
    expect(bufferStats.created).toBe(before);
  });
});

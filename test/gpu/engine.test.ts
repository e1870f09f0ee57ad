import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine';
import { bufferStats, DeviceLost, GpuRuntime } from '../../src/gpu';
import { randomBatch } from '../helpers/batches';
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

describe('device loss', () => {
  it('rejects the step in flight with DeviceLost; a new engine restores the weights read before', async () => {
    const gpu = await GpuRuntime.create();
    const config = NANO(40);
    const engine = await createEngine({ backend: 'webgpu', config, seed: 3, gpu });
    const batch = randomBatch(40, 2, 16, 1);
    const h = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, gradClip: 1 };
    await engine.trainStep(batch, h);
    const saved = await engine.readParams();
    // Dawn reports our own destroy() as 'destroyed', which is not a loss: stand in for the driver's report.
    let lose!: (e: DeviceLost) => void;
    (gpu.info as { lost: Promise<DeviceLost> }).lost = new Promise((resolve) => (lose = resolve));
    const step = engine.trainStep(batch, h);
    lose(new DeviceLost('unknown', 'simulated GPU reset'));
    await expect(step).rejects.toBeInstanceOf(DeviceLost);
    engine.destroy();
    gpu.destroy();

    const fresh = await createEngine({ backend: 'webgpu', config, seed: 99 });
    await fresh.writeParams(saved);
    const restored = await fresh.readParams();
    for (const key of Object.keys(saved)) expect(Array.from(restored[key]), key).toEqual(Array.from(saved[key]));
    fresh.destroy();
  });
});

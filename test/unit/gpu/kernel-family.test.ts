import { describe, expect, it } from 'vitest';
import { defaultKernelFamily, fixedSubgroupSize, requireSubgroupSize, summarizeAdapter, type GpuDevice } from '../../../src/gpu';

// What the engine picks from what an adapter reports: the subgroup kernels only on WebGPU-on-the-CPU with one
// fixed subgroup size that is a multiple of 4; everything else keeps the tiled kernels.
function device(info: Partial<GPUAdapterInfo>, subgroups = true): Pick<GpuDevice, 'adapter' | 'features'> {
  const full = { vendor: 'v', architecture: 'a', device: '', description: '', isFallbackAdapter: false, ...info } as GPUAdapterInfo;
  return { adapter: summarizeAdapter(full), features: { shaderF16: false, subgroups } };
}

describe('kernel family', () => {
  it('uses the subgroup kernels on a fallback adapter with one fixed subgroup size', () => {
    const lavapipe = device({ vendor: 'mesa', architecture: 'software', isFallbackAdapter: true, subgroupMinSize: 8, subgroupMaxSize: 8 });
    expect(lavapipe.adapter).toMatchObject({ fallback: true, subgroupSize: 8 });
    expect(defaultKernelFamily(lavapipe)).toBe('subgroup');
    expect(requireSubgroupSize(lavapipe, 'matmul')).toBe(8);
    expect(defaultKernelFamily(device({ isFallbackAdapter: true, subgroupMinSize: 4, subgroupMaxSize: 4 }))).toBe('subgroup');
  });

  it('keeps the tiled kernels on a GPU, whatever its subgroups', () => {
    expect(defaultKernelFamily(device({ subgroupMinSize: 32, subgroupMaxSize: 32 }))).toBe('tiled');
    expect(defaultKernelFamily(device({ subgroupMinSize: 32, subgroupMaxSize: 64 }))).toBe('tiled');
  });

  it('keeps the tiled kernels on a fallback adapter whose subgroups vary, are off, or are not a multiple of 4', () => {
    const varying = device({ isFallbackAdapter: true, subgroupMinSize: 4, subgroupMaxSize: 16 });
    expect(varying.adapter.subgroupSize).toBeNull();
    expect(defaultKernelFamily(varying)).toBe('tiled');
    expect(() => requireSubgroupSize(varying, 'matmul')).toThrow(/one fixed size.*subgroups of varying size/);
    const off = device({ isFallbackAdapter: true, subgroupMinSize: 8, subgroupMaxSize: 8 }, false);
    expect(defaultKernelFamily(off)).toBe('tiled');
    expect(() => requireSubgroupSize(off, 'attention')).toThrow(/subgroup attention kernel.*no subgroups/);
    const odd = device({ isFallbackAdapter: true, subgroupMinSize: 6, subgroupMaxSize: 6 });
    expect(fixedSubgroupSize(odd)).toBeNull();
    expect(defaultKernelFamily(odd)).toBe('tiled');
    expect(() => requireSubgroupSize(odd, 'matmul')).toThrow(/subgroups of 6/);
  });

  it('reads adapters that report no subgroup sizes and no fallback flag', () => {
    const old = device({ isFallbackAdapter: undefined, subgroupMinSize: undefined, subgroupMaxSize: undefined });
    expect(old.adapter).toMatchObject({ fallback: false, subgroupSize: null });
    expect(defaultKernelFamily(old)).toBe('tiled');
  });
});

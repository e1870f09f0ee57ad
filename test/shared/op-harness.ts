// "Upload, run, read back, compare" for the GPU op suites of the gpu tier (Dawn) and the browser tier (Chromium).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBuffer, GpuRuntime, readFloat32, recordPass, uploadBuffer, type Dispatch } from '../../src/gpu';

/** Creates one runtime for the enclosing describe block, checks it has a real adapter; call gpu() inside tests. */
export function useGpu(): () => GpuRuntime {
  let gpu: GpuRuntime | undefined;
  beforeAll(async () => {
    gpu = await GpuRuntime.create();
  });
  afterAll(() => gpu?.destroy());
  it('has a real adapter', () => {
    const a = gpu!.info.adapter;
    expect(a.vendor.length + a.architecture.length + a.description.length).toBeGreaterThan(0);
  });
  return () => gpu!;
}

/** The buffers of one test case: uploaded with labels, run in one encoder and one submit, destroyed together. */
export class OpCase {
  private buffers: GPUBuffer[] = [];

  constructor(readonly gpu: GpuRuntime) {}

  upload(label: string, data: Float32Array | Int32Array | Uint32Array): GPUBuffer {
    const buffer = uploadBuffer(this.gpu.device, label, data);
    this.buffers.push(buffer);
    return buffer;
  }

  /** Overwrites a buffer's contents from the CPU (queue.writeBuffer). */
  write(buffer: GPUBuffer, data: Float32Array | Int32Array): void {
    this.gpu.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  }

  /** n zero floats without an upload (WebGPU zero-fills new buffers): cheap for huge buffers. */
  empty(label: string, n: number): GPUBuffer {
    const buffer = createBuffer(this.gpu.device, label, n * 4);
    this.buffers.push(buffer);
    return buffer;
  }

  zeros(label: string, n: number): GPUBuffer {
    return this.upload(label, new Float32Array(n));
  }

  /** Records every dispatch list into its own pass of one encoder, then submits once. */
  run(...passes: Dispatch[][]): void {
    const encoder = this.gpu.device.createCommandEncoder({ label: 'op-case' });
    passes.forEach((dispatches, i) => recordPass(encoder, `op-case.${i}`, dispatches));
    this.gpu.submit(encoder);
  }

  read(buffer: GPUBuffer, n: number, offsetFloats = 0): Promise<Float32Array> {
    return readFloat32(this.gpu.device, buffer, n, offsetFloats);
  }

  destroy(): void {
    for (const b of this.buffers) b.destroy();
    this.buffers = [];
  }
}

/** Runs `body` with a fresh OpCase and always destroys its buffers. */
export async function withCase(gpu: GpuRuntime, body: (c: OpCase) => Promise<void>): Promise<void> {
  const c = new OpCase(gpu);
  try {
    await body(c);
  } finally {
    c.destroy();
  }
}

/** Deterministic token ids in [0, V) (an LCG's high bits are enough for ids). */
export function randomTokens(n: number, V: number, seed: number): Int32Array {
  const out = new Int32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s >>> 8) % V;
  }
  return out;
}

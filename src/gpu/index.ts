// The WebGPU runtime every kernel uses: one device and its pipeline cache (buffers belong to the dispatches that made them).
import { acquireDevice, type GpuDevice } from './device';
import { KernelCache } from './kernels';

export * from './errors';
export * from './device';
export * from './buffers';
export * from './dispatch';
export * from './kernels';
export * from './half-weights';
export * from './memory-scope';

export class GpuRuntime {
  readonly device: GPUDevice;
  readonly kernels: KernelCache;

  private constructor(readonly info: GpuDevice) {
    this.device = info.device;
    this.kernels = new KernelCache(info.device);
  }

  static async create(opts: { gpu?: GPU; label?: string } = {}): Promise<GpuRuntime> {
    return new GpuRuntime(await acquireDevice(opts));
  }

  /** Finishes and submits one encoder: the only way work reaches the queue, so submits can be counted. */
  submit(encoder: GPUCommandEncoder): void {
    this.device.queue.submit([encoder.finish()]);
    submitStats.submitted++;
  }

  destroy(): void {
    this.device.destroy();
  }
}

export const submitStats = { submitted: 0 };

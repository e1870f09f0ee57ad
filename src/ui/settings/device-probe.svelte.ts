// What the device panel shows: WebGPU support, the adapter, its limits and features.
import { acquireDevice, NEEDED_LIMITS, type GpuDevice, type NeededLimit } from '../../gpu';

export type GpuStatus =
  | { state: 'probing' }
  | { state: 'ready'; adapter: GpuDevice['adapter']; limits: Record<NeededLimit, number>; features: GpuDevice['features'] }
  | { state: 'unavailable'; error: string; message: string };

export class DeviceProbe {
  gpu = $state<GpuStatus>({ state: 'probing' });

  async probe(): Promise<void> {
    this.gpu = { state: 'probing' };
    try {
      const found = await acquireDevice({ label: 'device-panel-probe' });
      this.gpu = { state: 'ready', adapter: found.adapter, limits: found.limits, features: found.features };
      found.device.destroy();
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      this.gpu = { state: 'unavailable', error: e.name, message: e.message };
    }
  }
}

export const LIMIT_LABELS: Record<NeededLimit, string> = {
  maxStorageBufferBindingSize: 'Largest storage binding',
  maxBufferSize: 'Largest buffer',
  maxComputeWorkgroupStorageSize: 'Workgroup shared memory',
  maxComputeInvocationsPerWorkgroup: 'Invocations per workgroup',
  maxComputeWorkgroupSizeX: 'Workgroup size X',
  maxStorageBuffersPerShaderStage: 'Storage buffers per stage',
};

export { NEEDED_LIMITS };

// What the device panel shows: WebGPU support, the adapter, its limits and features, and browser storage.
import { acquireDevice, NEEDED_LIMITS, type GpuDevice, type NeededLimit } from '../gpu';

export type GpuStatus =
  | { state: 'probing' }
  | { state: 'ready'; adapter: GpuDevice['adapter']; limits: Record<NeededLimit, number>; features: GpuDevice['features'] }
  | { state: 'unavailable'; error: string; message: string };

export interface StorageStatus {
  supported: boolean;
  usage: number;
  quota: number;
  persisted: boolean;
}

export class DeviceProbe {
  gpu = $state<GpuStatus>({ state: 'probing' });
  storage = $state<StorageStatus | null>(null);
  persistMessage = $state('');

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
    await this.refreshStorage();
  }

  async refreshStorage(): Promise<void> {
    const s = navigator.storage;
    if (!s?.estimate) {
      this.storage = { supported: false, usage: 0, quota: 0, persisted: false };
      return;
    }
    const [estimate, persisted] = await Promise.all([s.estimate(), s.persisted?.() ?? Promise.resolve(false)]);
    this.storage = { supported: true, usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
  }

  async requestPersistence(): Promise<void> {
    const granted = (await navigator.storage?.persist?.()) ?? false;
    this.persistMessage = granted
      ? 'Storage is now persistent: the browser will not evict your runs under storage pressure.'
      : 'The browser declined. Chrome grants persistence to sites you bookmark or use often; your data is kept unless space runs low.';
    await this.refreshStorage();
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

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

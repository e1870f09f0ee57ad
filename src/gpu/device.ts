// Device acquisition: a high-performance adapter, the limits the engine needs, optional features, loss handling.
import { DeviceLost, NoAdapter, NoWebGPU } from './errors';

/** The limits the engine asks for, up to what the adapter offers. */
export const NEEDED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxStorageBuffersPerShaderStage',
] as const;
export type NeededLimit = (typeof NEEDED_LIMITS)[number];

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A fallback adapter: WebGPU implemented on the CPU (lavapipe, SwiftShader). */
  fallback: boolean;
  /** The subgroup size when the adapter has exactly one (min = max), else null. */
  subgroupSize: number | null;
}

export interface GpuDevice {
  device: GPUDevice;
  adapter: AdapterSummary;
  limits: Record<NeededLimit, number>;
  features: { shaderF16: boolean; subgroups: boolean };
  /** Resolves with a DeviceLost when the device is lost for any reason but our own destroy(). */
  lost: Promise<DeviceLost>;
}

/**
 * Which family of kernels an op uses where it has two. 'subgroup' (matmul, attention) on a fallback adapter, WebGPU
 * on the CPU, with subgroups of one fixed size: there a workgroup barrier is a coroutine switch that keeps every
 * live value in memory and a load inside a loop runs lane by lane, while a subgroup shuffle is a register extract,
 * so kernels that share rows through shuffles instead of workgroup memory run 2–4× faster (bench/RESULTS.md).
 * GPUs keep the 'tiled' kernels, built for them. Tests ask for either family explicitly.
 */
export type KernelFamily = 'tiled' | 'subgroup';

export function defaultKernelFamily(d: Pick<GpuDevice, 'adapter' | 'features'>): KernelFamily {
  return d.adapter.fallback && fixedSubgroupSize(d) !== null ? 'subgroup' : 'tiled';
}

/** The subgroup size a kernel can bake in (subgroups enabled, one fixed size, a multiple of 4), else null. */
export function fixedSubgroupSize(d: Pick<GpuDevice, 'adapter' | 'features'>): number | null {
  const size = d.adapter.subgroupSize;
  return d.features.subgroups && size !== null && size % 4 === 0 ? size : null;
}

/** The fixed subgroup size for a 'subgroup' kernel, or an error that says what the device has instead. */
export function requireSubgroupSize(d: Pick<GpuDevice, 'adapter' | 'features'>, op: string): number {
  const size = fixedSubgroupSize(d);
  if (size !== null) return size;
  const has = !d.features.subgroups ? 'no subgroups' : d.adapter.subgroupSize === null ? 'subgroups of varying size' : `subgroups of ${d.adapter.subgroupSize}`;
  throw new Error(`The subgroup ${op} kernel needs subgroups of one fixed size, a multiple of 4; this device has ${has}`);
}

export function getGpu(): GPU {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) throw new NoWebGPU();
  return gpu;
}

export function summarizeAdapter(info: GPUAdapterInfo): AdapterSummary {
  return {
    vendor: info.vendor || 'unknown',
    architecture: info.architecture || 'unknown',
    device: info.device || '',
    description: info.description || '',
    fallback: info.isFallbackAdapter ?? false,
    subgroupSize: info.subgroupMinSize !== undefined && info.subgroupMinSize === info.subgroupMaxSize ? info.subgroupMinSize : null,
  };
}

/**
 * A new adapter and device each call: Chrome forbids a second requestDevice on one adapter,
 * so recovering from a loss means starting from requestAdapter again.
 */
export async function acquireDevice(opts: { gpu?: GPU; label?: string } = {}): Promise<GpuDevice> {
  const gpu = opts.gpu ?? getGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new NoAdapter();

  const requiredLimits: Record<string, number> = {};
  for (const name of NEEDED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const requiredFeatures: GPUFeatureName[] = [];
  if (adapter.features.has('shader-f16')) requiredFeatures.push('shader-f16');
  if (adapter.features.has('subgroups')) requiredFeatures.push('subgroups' as GPUFeatureName);

  const device = await adapter.requestDevice({
    label: opts.label ?? 'tripost-device',
    requiredLimits,
    requiredFeatures,
  });
  const limits = {} as Record<NeededLimit, number>;
  for (const name of NEEDED_LIMITS) limits[name] = device.limits[name];

  const lost = device.lost.then((info) => new DeviceLost(info.reason, info.message));
  return {
    device,
    adapter: summarizeAdapter(adapter.info),
    limits,
    features: { shaderF16: device.features.has('shader-f16'), subgroups: device.features.has('subgroups') },
    lost: lost.then((err) => (err.reason === 'destroyed' ? new Promise<DeviceLost>(() => {}) : err)),
  };
}

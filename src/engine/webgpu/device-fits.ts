// Before a webgpu engine allocates anything: does its model fit the device's binding and buffer limits? Said as a
// DeviceLimitError naming the tensor or buffer and what to do, instead of a validation error later.
import { DeviceLimitError, type GpuRuntime } from '../../gpu';
import type { ModelConfig } from '../config';
import type { ParamEntry, ParamTable, TensorTable } from '../params';
import { largestActivation } from './memory';
import { storedHalf } from './param-units';

/**
 * A flat buffer (the base's, or the adapters') and one token's activations fit the device's limits. `whole`: the buffer
 * is bound at once (AdamW over what trains), so it must fit one storage binding; `tensors`: a frozen LoRA base, bound one
 * tensor at a time and split over several buffers when it is larger than one (param-buffers.ts), so only each tensor
 * must fit, which lets LoRA train a base past both limits (SmolLM2-135M's 538 MB on a device that binds 128 MiB).
 */
export function checkDeviceFits(gpu: GpuRuntime, config: ModelConfig, table: TensorTable, bound: 'whole' | 'tensors', remedy: string, halfBase = false): void {
  const { maxStorageBufferBindingSize, maxBufferSize } = gpu.info.limits;
  const limit = Math.min(maxStorageBufferBindingSize, maxBufferSize);
  const which = maxStorageBufferBindingSize <= maxBufferSize ? 'maxStorageBufferBindingSize' : 'maxBufferSize';
  if (bound === 'whole' && table.total * 4 > limit) {
    throw new DeviceLimitError(`The model's ${table.total.toLocaleString()} parameters need ${mib(table.total * 4)}, over this device's ${which} (${mib(limit)}); ${remedy}.`);
  }
  if (bound === 'tensors') {
    // The fused q·k·v and gate·up spans are bound as one tensor each.
    const base = table as ParamTable;
    const bytes = (e: ParamEntry) => e.size * (storedHalf(base, e.offset, halfBase) ? 2 : 4);
    const bindings = [...base.entries, ...base.layers.flatMap((l) => [l.qkv, l.gateup])];
    const largest = bindings.reduce((a, e) => (bytes(e) > bytes(a) ? e : a));
    if (bytes(largest) > limit) {
      throw new DeviceLimitError(`The model's tensor ${largest.name} needs ${mib(bytes(largest))}, over this device's ${which} (${mib(limit)}): each tensor is bound whole, so this model needs a GPU that binds at least ${mib(bytes(largest))} at once; ${remedy}.`);
    }
  }
  const oneToken = largestActivation(config, 1, 1);
  if (oneToken * 4 > maxStorageBufferBindingSize) {
    throw new DeviceLimitError(`Even one token needs ${mib(oneToken * 4)} of activations, over maxStorageBufferBindingSize (${mib(maxStorageBufferBindingSize)}).`);
  }
}

export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

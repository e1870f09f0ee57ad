// A recorded dispatch: pipeline + bind group + grid, built once and replayed every step.

export interface Dispatch {
  label: string;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: [number, number, number];
  /** Buffers the op builder created for this dispatch (uniforms, scratch); freed by destroyDispatches. */
  owned: GPUBuffer[];
}

/** Counts dispatches recorded, so the bench can report dispatches per training step. */
export const dispatchStats = { recorded: 0 };

/** A whole buffer, or a byte range of one (a tensor inside the flat parameter buffer; offset a multiple of 256). */
export type BufferRef = GPUBuffer | GPUBufferBinding;

/** Binds `buffers` to bindings 0, 1, 2… of group 0, in order; `owned` are the ones this dispatch frees. */
export function makeDispatch(
  device: GPUDevice,
  label: string,
  pipeline: GPUComputePipeline,
  buffers: BufferRef[],
  workgroups: [number, number?, number?],
  owned: GPUBuffer[] = [],
): Dispatch {
  const bindGroup = device.createBindGroup({
    label,
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((ref, binding) => ({ binding, resource: 'buffer' in ref ? ref : { buffer: ref } })),
  });
  return { label, pipeline, bindGroup, workgroups: [workgroups[0], workgroups[1] ?? 1, workgroups[2] ?? 1], owned };
}

/** Frees the buffers the dispatches own, each once (an op's dispatches may share a uniform). */
export function destroyDispatches(dispatches: Iterable<Dispatch>): void {
  const owned = new Set<GPUBuffer>();
  for (const d of dispatches) for (const b of d.owned.splice(0)) owned.add(b);
  for (const b of owned) b.destroy();
}

/** Awaits every op build and flattens them in order; if one fails, frees what the others built, then throws. */
export async function collectDispatches(builds: Promise<Dispatch[]>[]): Promise<Dispatch[]> {
  const settled = await Promise.allSettled(builds);
  const failed = settled.find((r) => r.status === 'rejected');
  const built = settled.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  if (failed) {
    destroyDispatches(built);
    throw failed.reason;
  }
  return built;
}

/** Builds dispatches that will own `owned` (made before them); if building fails (a shader that does not compile), frees them. */
export async function freeOnFailure<T>(owned: GPUBuffer[], build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (err) {
    for (const b of owned) b.destroy();
    throw err;
  }
}

/** Records dispatches into one compute pass (the caller owns the encoder and the submit). */
export function recordPass(encoder: GPUCommandEncoder, label: string, dispatches: Dispatch[]): void {
  const pass = encoder.beginComputePass({ label });
  for (const d of dispatches) {
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
    dispatchStats.recorded++;
  }
  pass.end();
}

/** Splits `n` workgroups over x and y so neither passes the 65535 per-dimension limit; shaders rebuild the index. */
export function grid1d(n: number, maxPerDim = 65535): [number, number] {
  if (n <= maxPerDim) return [Math.max(1, n), 1];
  const y = Math.ceil(n / maxPerDim);
  return [Math.ceil(n / y), y];
}

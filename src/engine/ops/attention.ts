// Attention op on the GPU: causal, fused, grouped-query. forward writes out and lse; backward
// accumulates into dqkv (all of q, k and v) through three kernels, flash-attention-2 style.
// Two shaders with the same entry points and bindings: attention.wgsl (shared tiles; GPUs) and, on a CPU
// implementation of WebGPU, attention_subgroup.wgsl (rows passed round by subgroup shuffles; see KernelFamily).
import { createBuffer, defaultKernelFamily, freeOnFailure, grid1d, requireSubgroupSize, uniformBuffer } from '../../gpu';
import type { BufferRef, Dispatch, GpuRuntime, KernelFamily } from '../../gpu';
import tiledBody from '../../../shaders/attention.wgsl?raw';
import subgroupBody from '../../../shaders/attention_subgroup.wgsl?raw';
import io from '../../../shaders/lib/attention_io.wgsl?raw';

const code = tiledBody + io;
const subgroupCode = subgroupBody + io;

const WG = 64; // rows per workgroup, one per thread (tiled kernels)
const MAX_HD = 128;

/** Shader bindings by number (shared across entry points, so each binds only what it uses). */
const BIND = { qkv: 0, dout: 1, lse: 2, params: 3, out: 4, dsum: 5, dqkv: 6 } as const;

interface Shape {
  B: number;
  T: number;
  H: number;
  KVH: number;
  hd: number;
}

function check({ H, KVH, hd }: Shape): void {
  if (hd % 4 !== 0 || hd > MAX_HD) throw new Error(`attention: head dim ${hd} must be a multiple of 4, at most ${MAX_HD}`);
  if (H % KVH !== 0) throw new Error(`attention: ${KVH} kv heads must divide ${H} query heads`);
}

/** Override constants: two shared tiles of BT rows stay at 8 KiB whatever hd is. */
function constants(hd: number): Record<string, number> {
  return { HD: hd, WG, BT: Math.min(32, Math.floor(1024 / hd)) };
}

function params(gpu: GpuRuntime, label: string, s: Shape): GPUBuffer {
  return uniformBuffer(gpu.device, label, [s.B, s.T, s.H, s.KVH, 1 / Math.sqrt(s.hd)], [false, false, false, false, true]);
}

/** The kernel for one entry point: the tiled shader, or the subgroup shader with one row per lane. */
interface Kernel {
  family: KernelFamily;
  /** Rows per workgroup: WG for the tiled kernels, the subgroup size for the subgroup kernels. */
  rows: number;
}

const MAX_SG = 64; // attention_subgroup.wgsl's score buffer per block of rows

function kernelFor(gpu: GpuRuntime, family: KernelFamily): Kernel {
  if (family === 'tiled') return { family, rows: WG };
  const sg = requireSubgroupSize(gpu.info, 'attention');
  if (sg > MAX_SG) throw new Error(`The subgroup attention kernel takes subgroups of at most ${MAX_SG}; this device has ${sg}`);
  return { family, rows: sg };
}

async function dispatch(
  gpu: GpuRuntime,
  entryPoint: string,
  hd: number,
  kernel: Kernel,
  buffers: Partial<Record<keyof typeof BIND, BufferRef>>,
  workgroups: [number, number?],
  owned: GPUBuffer[] = [],
): Promise<Dispatch> {
  const spec =
    kernel.family === 'subgroup'
      ? { shader: 'attention_subgroup', code: subgroupCode, entryPoint, constants: { HD: hd, SG: kernel.rows } }
      : { shader: 'attention', code, entryPoint, constants: constants(hd) };
  const pipeline = await gpu.kernels.pipeline(spec);
  const label = `attention${kernel.family === 'subgroup' ? '.subgroup' : ''}.${entryPoint}`;
  const bindGroup = gpu.device.createBindGroup({
    label,
    layout: pipeline.getBindGroupLayout(0),
    entries: Object.entries(buffers).map(([name, ref]) => ({
      binding: BIND[name as keyof typeof BIND],
      resource: 'buffer' in ref ? ref : { buffer: ref },
    })),
  });
  return { label, pipeline, bindGroup, workgroups: [workgroups[0], workgroups[1] ?? 1, 1], owned };
}

/** out (B,T,H,hd), lse (B,H,T) from qkv (B,T,H+2KVH,hd). Overwrites out and lse. */
export async function attentionForward(
  gpu: GpuRuntime,
  out: BufferRef,
  lse: BufferRef,
  qkv: BufferRef,
  B: number,
  T: number,
  H: number,
  KVH: number,
  hd: number,
  family: KernelFamily = defaultKernelFamily(gpu.info),
): Promise<Dispatch[]> {
  const shape = { B, T, H, KVH, hd };
  check(shape);
  const kernel = kernelFor(gpu, family);
  const p = params(gpu, 'attention.forward.params', shape);
  return freeOnFailure([p], async () => [await dispatch(gpu, 'forward', hd, kernel, { qkv, lse, params: p, out }, [Math.ceil(T / kernel.rows), B * H], [p])]);
}

/**
 * dqkv (B,T,H+2KVH,hd) += d(Σ dout∘out)/d qkv, from dout (B,T,H,hd), the saved out and lse (B,H,T).
 * Creates one (B,H,T) scratch buffer at build time for rowsum(dout∘out), owned (with the uniform) by the first dispatch.
 */
export async function attentionBackward(
  gpu: GpuRuntime,
  dqkv: BufferRef,
  dout: BufferRef,
  out: BufferRef,
  lse: BufferRef,
  qkv: BufferRef,
  B: number,
  T: number,
  H: number,
  KVH: number,
  hd: number,
  family: KernelFamily = defaultKernelFamily(gpu.info),
): Promise<Dispatch[]> {
  const shape = { B, T, H, KVH, hd };
  check(shape);
  const kernel = kernelFor(gpu, family);
  const tiled = kernelFor(gpu, 'tiled'); // rowsum(dout∘out) has no rows to share
  const p = params(gpu, 'attention.backward.params', shape);
  const dsum = createBuffer(gpu.device, 'attention.dsum', B * H * T * 4); // (B, H, T)
  const rows = Math.ceil(T / kernel.rows);
  return freeOnFailure([p, dsum], async () => [
    await dispatch(gpu, 'backward_preprocess', hd, tiled, { dout, params: p, out, dsum }, grid1d(Math.ceil((B * T * H) / WG)), [p, dsum]),
    await dispatch(gpu, 'backward_dq', hd, kernel, { qkv, dout, lse, params: p, dsum, dqkv }, [rows, B * H]),
    await dispatch(gpu, 'backward_dkdv', hd, kernel, { qkv, dout, lse, params: p, dsum, dqkv }, [rows, B * KVH]),
  ]);
}

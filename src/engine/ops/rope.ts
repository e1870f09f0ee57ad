// RoPE op on the GPU: in place on qkv (forward) or dqkv (backward); the position offset is a uniform
// the caller can change between submits (generation) without rebuilding or allocating.
import { createBuffer, grid1d, makeDispatch, uniformBuffer, type BufferRef, type Dispatch, type GpuRuntime } from '../../gpu';
import body from '../../../shaders/rope.wgsl?raw';
import cosSin from '../../../shaders/lib/cos_sin.wgsl?raw';
import { ropeInvFreq, type Rope } from '../rope-frequencies';

const code = body + cosSin;

const WG = 256;
const POS_OFFSET_BYTE = 5 * 4; // Params.posOffset

/** Dispatches plus setPosOffset(p): rotate at positions p..p+T-1 from the next submit on. */
export type RopeDispatches = Dispatch[] & { setPosOffset(posOffset: number): void };

async function build(
  gpu: GpuRuntime,
  entryPoint: 'forward' | 'backward',
  qkv: BufferRef,
  B: number,
  T: number,
  H: number,
  KVH: number,
  hd: number,
  rope: Rope,
  posOffset: number,
): Promise<RopeDispatches> {
  if (hd % 2 !== 0) throw new Error(`rope: head dim ${hd} must be even`);
  const { device } = gpu;
  const pipeline = await gpu.kernels.pipeline({ shader: 'rope', code, entryPoint, constants: { WG } });
  const half = hd / 2;
  const invFreq = ropeInvFreq(hd, rope);
  const freqBuf = createBuffer(device, `rope.${entryPoint}.inv_freq`, invFreq.byteLength);
  device.queue.writeBuffer(freqBuf, 0, invFreq);
  const params = uniformBuffer(device, `rope.${entryPoint}.params`, [B * T, T, H + KVH, H + 2 * KVH, hd, posOffset]);
  const n = B * T * (H + KVH) * half;
  const dispatches = [makeDispatch(device, `rope.${entryPoint}`, pipeline, [qkv, freqBuf, params], grid1d(Math.ceil(n / WG)), [freqBuf, params])];
  const word = new Uint32Array(1);
  return Object.assign(dispatches, {
    setPosOffset(p: number) {
      word[0] = p;
      device.queue.writeBuffer(params, POS_OFFSET_BYTE, word);
    },
  });
}

/** qkv (B, T, H+2KVH, hd) in place: q and k heads rotated at positions posOffset..posOffset+T-1. */
export function ropeForward(gpu: GpuRuntime, qkv: BufferRef, B: number, T: number, H: number, KVH: number, hd: number, rope: Rope, posOffset = 0): Promise<RopeDispatches> {
  return build(gpu, 'forward', qkv, B, T, H, KVH, hd, rope, posOffset);
}

/** dqkv (B, T, H+2KVH, hd) in place: the inverse rotation of the q and k head gradients. */
export function ropeBackward(gpu: GpuRuntime, dqkv: BufferRef, B: number, T: number, H: number, KVH: number, hd: number, rope: Rope, posOffset = 0): Promise<RopeDispatches> {
  return build(gpu, 'backward', dqkv, B, T, H, KVH, hd, rope, posOffset);
}

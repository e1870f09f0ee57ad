// CPU twin of shaders/decode.wgsl: the KV-cache side of generation.
// A step runs Tq tokens for each of M slots. slots (M, 4) i32 = [row, pos, len, step]:
//   row  — the cache row (and the prompt index that keys sampling); < 0 marks a padding slot,
//   pos  — cached positions before this chunk, so token t of the slot sits at position pos + t,
//   len  — valid tokens in this chunk (tokens t ≥ len are padding and skipped),
//   step — new tokens generated so far by this row (keys the sampler's random numbers).
// Cache layout per layer: (rows, KVH, S, hd) for K and for V, so one head's keys are contiguous.
import { ropeInvFreq, type Rope } from '../rope-frequencies';
import { ropeAngle } from './rope';

type Vec = Float32Array | Float64Array;

export const SLOT_WORDS = 4;

/**
 * In place on qkv (M, Tq, H+2KVH, hd): rotate-half RoPE on q heads at per-slot positions; rotated k
 * and raw v written into the caches at [row, kvh, pos + t, :].
 */
export function kvAppend(
  qkv: Vec, kcache: Vec, vcache: Vec, slots: Int32Array,
  M: number, Tq: number, H: number, KVH: number, hd: number, S: number, rope: Rope,
): void {
  const half = hd / 2;
  const heads = H + 2 * KVH;
  const invFreq = ropeInvFreq(hd, rope);
  for (let m = 0; m < M; m++) {
    const [row, pos, len] = [slots[m * SLOT_WORDS], slots[m * SLOT_WORDS + 1], slots[m * SLOT_WORDS + 2]];
    if (row < 0) continue;
    for (let t = 0; t < Math.min(len, Tq); t++) {
      const p = pos + t;
      for (let h = 0; h < heads; h++) {
        const base = ((m * Tq + t) * heads + h) * hd;
        const isV = h >= H + KVH;
        const dst = h < H ? -1 : ((row * KVH + (isV ? h - H - KVH : h - H)) * S + p) * hd;
        for (let i = 0; i < half; i++) {
          let x0 = qkv[base + i];
          let x1 = qkv[base + i + half];
          if (!isV) {
            const angle = ropeAngle(p, invFreq[i]);
            const [c, s] = [Math.cos(angle), Math.sin(angle)];
            [x0, x1] = [x0 * c - x1 * s, x1 * c + x0 * s];
          }
          if (h < H) {
            qkv[base + i] = x0;
            qkv[base + i + half] = x1;
          } else {
            const cache = isV ? vcache : kcache;
            cache[dst + i] = x0;
            cache[dst + i + half] = x1;
          }
        }
      }
    }
  }
}

/** out (M, C) = x[m, len_m − 1, :] of x (M, Tq, C): each slot's last valid token, the one whose logits matter. */
export function gatherLast(out: Vec, x: Vec, slots: Int32Array, M: number, Tq: number, C: number): void {
  for (let m = 0; m < M; m++) {
    const len = slots[m * SLOT_WORDS + 2];
    const src = (m * Tq + Math.max(0, Math.min(len, Tq) - 1)) * C;
    for (let c = 0; c < C; c++) out[m * C + c] = slots[m * SLOT_WORDS] < 0 ? 0 : x[src + c];
  }
}

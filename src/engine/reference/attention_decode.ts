// CPU twin of shaders/attention_decode.wgsl: causal attention of new queries over the KV cache.
// Query t of slot m (position pos + t) attends to cached positions [0, pos + t] of its row; query head h
// reads kv head h / (H / KVH) (Hugging Face repeat_kv). Scale 1/sqrt(hd). Slots as in ./decode.ts.
import { SLOT_WORDS } from './decode';

type Vec = Float32Array | Float64Array;

/** out (M, Tq, H, hd) from the rotated q heads of qkv (M, Tq, H+2KVH, hd) and kcache, vcache (rows, KVH, S, hd). */
export function attentionDecode(
  out: Vec, qkv: Vec, kcache: Vec, vcache: Vec, slots: Int32Array,
  M: number, Tq: number, H: number, KVH: number, hd: number, S: number,
): void {
  const heads = H + 2 * KVH;
  const scale = 1 / Math.sqrt(hd);
  const scores = new Float64Array(S);
  for (let m = 0; m < M; m++) {
    const [row, pos, len] = [slots[m * SLOT_WORDS], slots[m * SLOT_WORDS + 1], slots[m * SLOT_WORDS + 2]];
    for (let t = 0; t < Tq; t++) {
      for (let h = 0; h < H; h++) {
        const o = ((m * Tq + t) * H + h) * hd;
        if (row < 0 || t >= len) {
          out.fill(0, o, o + hd);
          continue;
        }
        const q = ((m * Tq + t) * heads + h) * hd;
        const kv = (row * KVH + Math.floor(h / (H / KVH))) * S;
        const n = pos + t + 1;
        let max = -Infinity;
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let d = 0; d < hd; d++) s += qkv[q + d] * kcache[(kv + j) * hd + d];
          scores[j] = s * scale;
          max = Math.max(max, scores[j]);
        }
        let sum = 0;
        for (let j = 0; j < n; j++) sum += (scores[j] = Math.exp(scores[j] - max));
        for (let d = 0; d < hd; d++) {
          let acc = 0;
          for (let j = 0; j < n; j++) acc += scores[j] * vcache[(kv + j) * hd + d];
          out[o + d] = acc / sum;
        }
      }
    }
  }
}

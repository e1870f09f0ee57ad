// CPU twin of shaders/attention.wgsl and attention_subgroup.wgsl: causal self-attention with grouped-query
// heads, scale 1/sqrt(hd).
// qkv (B,T,H+2KVH,hd): heads [0,H) queries, [H,H+KVH) keys, [H+KVH,H+2KVH) values; query head h reads
// kv head floor(h / (H/KVH)) (Hugging Face repeat_kv order).
type Vec = Float32Array | Float64Array;

/** out (B,T,H,hd) = softmax(q·kᵀ/√hd, causal)·v; lse (B,H,T) = log Σ_j exp(s_j) per query row. */
export function attentionForward(out: Vec, lse: Vec, qkv: Vec, B: number, T: number, H: number, KVH: number, hd: number): void {
  const NH = H + 2 * KVH;
  const G = H / KVH;
  const scale = 1 / Math.sqrt(hd);
  const s = new Float64Array(T);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const kh = Math.floor(h / G);
      for (let t = 0; t < T; t++) {
        const q = ((b * T + t) * NH + h) * hd;
        let m = -Infinity;
        for (let j = 0; j <= t; j++) {
          const k = ((b * T + j) * NH + H + kh) * hd;
          let dot = 0;
          for (let d = 0; d < hd; d++) dot += qkv[q + d] * qkv[k + d];
          s[j] = dot * scale;
          m = Math.max(m, s[j]);
        }
        let l = 0;
        for (let j = 0; j <= t; j++) l += Math.exp(s[j] - m);
        const o = ((b * T + t) * H + h) * hd;
        for (let d = 0; d < hd; d++) {
          let acc = 0;
          for (let j = 0; j <= t; j++) acc += Math.exp(s[j] - m) * qkv[((b * T + j) * NH + H + KVH + kh) * hd + d];
          out[o + d] = acc / l;
        }
        lse[(b * H + h) * T + t] = m + Math.log(l);
      }
    }
  }
}

/**
 * dqkv (B,T,H+2KVH,hd) += gradient of Σ dout∘out with respect to qkv (all three parts), from the
 * saved out and lse: p = exp(s − lse), dp = dout·v, ds = p·(dp − rowsum(dout∘out)).
 */
export function attentionBackward(
  dqkv: Vec,
  dout: Vec,
  out: Vec,
  lse: Vec,
  qkv: Vec,
  B: number,
  T: number,
  H: number,
  KVH: number,
  hd: number,
): void {
  const NH = H + 2 * KVH;
  const G = H / KVH;
  const scale = 1 / Math.sqrt(hd);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const kh = Math.floor(h / G);
      for (let t = 0; t < T; t++) {
        const q = ((b * T + t) * NH + h) * hd;
        const o = ((b * T + t) * H + h) * hd;
        let D = 0;
        for (let d = 0; d < hd; d++) D += dout[o + d] * out[o + d];
        const L = lse[(b * H + h) * T + t];
        for (let j = 0; j <= t; j++) {
          const k = ((b * T + j) * NH + H + kh) * hd;
          const v = ((b * T + j) * NH + H + KVH + kh) * hd;
          let s = 0;
          let dp = 0;
          for (let d = 0; d < hd; d++) {
            s += qkv[q + d] * qkv[k + d];
            dp += dout[o + d] * qkv[v + d];
          }
          const p = Math.exp(s * scale - L);
          const ds = p * (dp - D) * scale;
          for (let d = 0; d < hd; d++) {
            dqkv[q + d] += ds * qkv[k + d];
            dqkv[k + d] += ds * qkv[q + d];
            dqkv[v + d] += p * dout[o + d];
          }
        }
      }
    }
  }
}

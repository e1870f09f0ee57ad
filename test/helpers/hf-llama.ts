// An independent Llama forward written from Hugging Face's modeling_llama.py (f64, no engine code): rotate_half
// RoPE with emb = cat(freqs, freqs) (and Llama 3's rope_scaling, from transformers' _compute_llama3_parameters),
// repeat_kv, causal softmax, SwiGLU, tied or untied head. The oracle that an imported checkpoint means what it meant
// in transformers.

type T = Record<string, ArrayLike<number>>;

export interface HfLlamaConfig {
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads: number;
  rope_theta: number;
  rms_norm_eps: number;
  tie_word_embeddings: boolean;
  rope_scaling?: HfLlama3RopeScaling | null;
}

export interface HfLlama3RopeScaling {
  rope_type: 'llama3';
  factor: number;
  low_freq_factor: number;
  high_freq_factor: number;
  original_max_position_embeddings: number;
}

/**
 * inv_freq as transformers computes it, written as its tensor code is: every candidate computed for the whole
 * vector, then chosen with masks (torch.where), in f64.
 */
export function hfInvFreq(hd: number, theta: number, scaling?: HfLlama3RopeScaling | null): Float64Array {
  const base = Float64Array.from({ length: hd / 2 }, (_, j) => 1 / theta ** ((2 * j) / hd));
  if (!scaling) return base;
  const { factor, low_freq_factor: low, high_freq_factor: high, original_max_position_embeddings: old } = scaling;
  const [lowWavelen, highWavelen] = [old / low, old / high];
  const wavelen = base.map((f) => (2 * Math.PI) / f);
  const llama = base.map((f, j) => (wavelen[j] > lowWavelen ? f / factor : f));
  const smooth = wavelen.map((w) => (old / w - low) / (high - low));
  const smoothed = llama.map((f, j) => ((1 - smooth[j]) * f) / factor + smooth[j] * f);
  const medium = Array.from(wavelen, (w) => !(w < highWavelen) && !(w > lowWavelen));
  return llama.map((f, j) => (medium[j] ? smoothed[j] : f));
}

/** x (n, inF) · W (outF, inF)ᵀ. */
function linear(x: Float64Array, w: ArrayLike<number>, n: number, inF: number, outF: number): Float64Array {
  const y = new Float64Array(n * outF);
  for (let i = 0; i < n; i++) for (let o = 0; o < outF; o++) {
    let s = 0;
    for (let k = 0; k < inF; k++) s += x[i * inF + k] * w[o * inF + k];
    y[i * outF + o] = s;
  }
  return y;
}

function rmsnorm(x: Float64Array, w: ArrayLike<number>, n: number, C: number, eps: number): Float64Array {
  const y = new Float64Array(n * C);
  for (let i = 0; i < n; i++) {
    let ss = 0;
    for (let c = 0; c < C; c++) ss += x[i * C + c] ** 2;
    const r = 1 / Math.sqrt(ss / C + eps);
    for (let c = 0; c < C; c++) y[i * C + c] = w[c] * (x[i * C + c] * r);
  }
  return y;
}

/** q or k (T, heads, hd) in place: x·cos + rotate_half(x)·sin, rotate_half(x) = cat(−x2, x1). */
function applyRope(x: Float64Array, T: number, heads: number, hd: number, invFreqs: Float64Array): void {
  const half = hd / 2;
  for (let t = 0; t < T; t++) for (let h = 0; h < heads; h++) {
    const b = (t * heads + h) * hd;
    const src = x.slice(b, b + hd);
    for (let d = 0; d < hd; d++) {
      const invFreq = invFreqs[d % half]; // emb = cat(freqs, freqs)
      const rot = d < half ? -src[d + half] : src[d - half];
      x[b + d] = src[d] * Math.cos(t * invFreq) + rot * Math.sin(t * invFreq);
    }
  }
}

/** Logits (T, V) of one sequence. */
export function hfLlamaLogits(cfg: HfLlamaConfig, w: T, ids: number[]): Float64Array {
  const [T, C, H, KVH, F, V] = [ids.length, cfg.hidden_size, cfg.num_attention_heads, cfg.num_key_value_heads, cfg.intermediate_size, cfg.vocab_size];
  const hd = C / H;
  const invFreqs = hfInvFreq(hd, cfg.rope_theta, cfg.rope_scaling);
  let x = new Float64Array(T * C);
  ids.forEach((id, t) => { for (let c = 0; c < C; c++) x[t * C + c] = w['model.embed_tokens.weight'][id * C + c]; });
  for (let l = 0; l < cfg.num_hidden_layers; l++) {
    const p = `model.layers.${l}.`;
    const h1 = rmsnorm(x, w[`${p}input_layernorm.weight`], T, C, cfg.rms_norm_eps);
    const q = linear(h1, w[`${p}self_attn.q_proj.weight`], T, C, H * hd);
    const k = linear(h1, w[`${p}self_attn.k_proj.weight`], T, C, KVH * hd);
    const v = linear(h1, w[`${p}self_attn.v_proj.weight`], T, C, KVH * hd);
    applyRope(q, T, H, hd, invFreqs);
    applyRope(k, T, KVH, hd, invFreqs);
    const att = new Float64Array(T * H * hd);
    for (let h = 0; h < H; h++) {
      const kh = Math.floor(h / (H / KVH)); // repeat_kv
      for (let t = 0; t < T; t++) {
        const s = Array.from({ length: t + 1 }, (_, j) => {
          let d = 0;
          for (let e = 0; e < hd; e++) d += q[(t * H + h) * hd + e] * k[(j * KVH + kh) * hd + e];
          return d / Math.sqrt(hd);
        });
        const m = Math.max(...s);
        const p2 = s.map((z) => Math.exp(z - m));
        const sum = p2.reduce((a, b) => a + b, 0);
        for (let e = 0; e < hd; e++) att[(t * H + h) * hd + e] = p2.reduce((a, pj, j) => a + pj * v[(j * KVH + kh) * hd + e], 0) / sum;
      }
    }
    const o = linear(att, w[`${p}self_attn.o_proj.weight`], T, H * hd, C);
    x = x.map((xi, i) => xi + o[i]);
    const h2 = rmsnorm(x, w[`${p}post_attention_layernorm.weight`], T, C, cfg.rms_norm_eps);
    const g = linear(h2, w[`${p}mlp.gate_proj.weight`], T, C, F);
    const u = linear(h2, w[`${p}mlp.up_proj.weight`], T, C, F);
    const down = linear(g.map((gi, i) => (gi / (1 + Math.exp(-gi))) * u[i]), w[`${p}mlp.down_proj.weight`], T, F, C);
    x = x.map((xi, i) => xi + down[i]);
  }
  const head = cfg.tie_word_embeddings ? w['model.embed_tokens.weight'] : w['lm_head.weight'];
  return linear(rmsnorm(x, w['model.norm.weight'], T, C, cfg.rms_norm_eps), head, T, C, V);
}

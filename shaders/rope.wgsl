// RoPE, Hugging Face rotate-half, in place on the q and k heads of the fused qkv (v untouched).
// forward: x'[i] = x[i]cos − x[i+hd/2]sin, x'[i+hd/2] = x[i+hd/2]cos + x[i]sin, angle = pos·inv_freq[i].
// backward: the inverse rotation (angle → −angle) in place on dqkv.
// One thread per (row, q-or-k head, i < hd/2); pos = posOffset + t.

override WG: u32 = 256;

struct Params { rows: u32, T: u32, qkHeads: u32, heads: u32, hd: u32, posOffset: u32 }
@group(0) @binding(2) var<uniform> params: Params;

@group(0) @binding(0) var<storage, read_write> qkv: array<f32>;   // (B, T, H+2KVH, hd); dqkv in backward
@group(0) @binding(1) var<storage, read> inv_freq: array<f32>;    // (hd/2) theta^(-2i/hd), computed on the CPU

// cos and sin of a ≥ 0 to about 1 ulp: WGSL only bounds sin/cos to 2^-11 absolute inside [−π, π]
// (SwiftShader is that coarse), so reduce to [−π/4, π/4] (Cody–Waite) and use Cephes' polynomials.
const PIO2_HI: f32 = 1.5703125;                // few mantissa bits: k·PIO2_HI is exact
const PIO2_LO: f32 = 4.8382679489661923e-4;    // π/2 − PIO2_HI

fn cos_sin(a: f32) -> vec2f {
  let k = round(a * 0.63661977236758134);
  let r = (a - k * PIO2_HI) - k * PIO2_LO;
  let z = r * r;
  let s = ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
  let c = ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
  switch (u32(k) & 3u) {
    case 0u: { return vec2f(c, s); }
    case 1u: { return vec2f(-s, c); }
    case 2u: { return vec2f(-c, -s); }
    default: { return vec2f(s, -c); }
  }
}

fn rotate(gid: u32, sign: f32) {
  let half = params.hd / 2u;
  if (gid >= params.rows * params.qkHeads * half) { return; }
  let i = gid % half;
  let h = (gid / half) % params.qkHeads;
  let row = gid / (half * params.qkHeads);
  let t = row % params.T;
  let cs = cos_sin(f32(params.posOffset + t) * inv_freq[i]);
  let c = cs.x;
  let s = sign * cs.y;
  let base = (row * params.heads + h) * params.hd;
  let x0 = qkv[base + i];
  let x1 = qkv[base + i + half];
  qkv[base + i] = x0 * c - x1 * s;
  qkv[base + i + half] = x1 * c + x0 * s;
}

@compute @workgroup_size(WG)
fn forward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  rotate((wid.y * nwg.x + wid.x) * WG + lid.x, 1.0);
}

@compute @workgroup_size(WG)
fn backward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  rotate((wid.y * nwg.x + wid.x) * WG + lid.x, -1.0);
}

// RoPE, Hugging Face rotate-half, in place on the q and k heads of the fused qkv (v untouched).
// forward: x'[i] = x[i]cos − x[i+hd/2]sin, x'[i+hd/2] = x[i+hd/2]cos + x[i]sin, angle = pos·inv_freq[i].
// backward: the inverse rotation (angle → −angle) in place on dqkv.
// One thread per (row, q-or-k head, i < hd/2); pos = posOffset + t.

override WG: u32 = 256;

struct Params { rows: u32, T: u32, qkHeads: u32, heads: u32, hd: u32, posOffset: u32 }
@group(0) @binding(2) var<uniform> params: Params;

@group(0) @binding(0) var<storage, read_write> qkv: array<f32>;   // (B, T, H+2KVH, hd); dqkv in backward
@group(0) @binding(1) var<storage, read> inv_freq: array<f32>;    // (hd/2) theta^(-2i/hd), llama3-scaled if so configured (rope-frequencies.ts)

// cos_sin(a) comes from shaders/lib/cos_sin.wgsl, appended by src/engine/ops/rope.ts.

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

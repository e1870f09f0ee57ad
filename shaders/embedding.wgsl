// Token embedding. forward: out[n, :] = wte[tokens[n], :].
// backward: dwte[tok, :] += Σ dout[n, :] over positions n with tokens[n] = tok. One workgroup per
// distinct token (the CPU groups positions by token, embeddingBuckets) sums its rows in ascending
// position order, so the result is deterministic and needs no float atomics.

override WG: u32 = 256;

struct Params { N: u32, C: u32 }
@group(0) @binding(3) var<uniform> params: Params;

// forward bindings
@group(0) @binding(0) var<storage, read_write> out: array<f32>;  // (N, C)
@group(0) @binding(1) var<storage, read> tokens: array<i32>;     // (N)
// The weight operand's storage: f32, or f16 for a frozen base kept at half precision (src/gpu/half-weights.ts).
alias W = f32;
@group(0) @binding(2) var<storage, read> wte: array<W>;          // (V, C)

// backward bindings (dwte accumulates)
@group(0) @binding(0) var<storage, read_write> dwte: array<f32>; // (V, C)
@group(0) @binding(1) var<storage, read> dout: array<f32>;       // (N, C)
@group(0) @binding(2) var<storage, read> btokens: array<i32>;    // (N)
@group(0) @binding(4) var<storage, read> order: array<i32>;      // (N) positions sorted by token
@group(0) @binding(5) var<storage, read> segStart: array<i32>;   // (N+1) run starts in order; N past the last run

@compute @workgroup_size(WG)
fn forward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = (wid.y * nwg.x + wid.x) * WG + lid.x;
  if (i >= params.N * params.C) { return; }
  let n = i / params.C;
  let c = i % params.C;
  out[i] = f32(wte[u32(tokens[n]) * params.C + c]);
}

// One workgroup per distinct token u; threads stride over the C columns.
@compute @workgroup_size(WG)
fn backward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let u = wid.y * nwg.x + wid.x;
  if (u >= params.N) { return; }
  let start = u32(segStart[u]);
  let end = u32(segStart[u + 1]);
  if (start >= end) { return; } // past the last distinct token
  let C = params.C;
  let dst = u32(btokens[order[start]]) * C;
  for (var c = lid.x; c < C; c += WG) {
    var acc = dwte[dst + c];
    for (var p = start; p < end; p++) {
      acc += dout[u32(order[p]) * C + c];
    }
    dwte[dst + c] = acc;
  }
}

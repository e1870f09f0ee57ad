// Matmul for CPU implementations of WebGPU (lavapipe, SwiftShader): same c (M,N) = (or +=) A·B and the same
// three layouts as matmul.wgsl, but no workgroup memory and no barrier. On a CPU a workgroup barrier is a
// coroutine switch that keeps everything live across it (the accumulators) in memory, and every load inside a
// loop is done lane by lane, while a subgroup shuffle is a register extract. So each lane loads one k-column
// of A's TM rows and the subgroup passes them round with subgroupShuffle (1 load per SG k-steps instead of SG);
// B goes from global memory into registers as on the tiled path, 4 k-steps × 4 columns at a time.
// Entry points: `main`, and `main_trans_a` for A stored (K, M), where a lane's k-column is contiguous (vec4 loads).
// Whole tiles only (no bounds checks): M % TM == 0, K % SG == 0, columns in whole 4·SG strips from n0, and the
// contiguous dimension of each operand a multiple of 4. The op builder sends edges to matmul.wgsl.
enable subgroups;

override SG: u32 = 8; // the device's subgroup size, fixed, a multiple of 4; a workgroup is one subgroup, 4·SG columns
override TRANS_B: bool = false;
override ACCUMULATE: bool = false;

// The weight operand's storage: f32, or f16 for a frozen base kept at half precision (src/gpu/half-weights.ts).
alias W = f32;
alias W4 = vec4f;

const TM = 8u; // rows per thread (and per workgroup)

struct Params { M: u32, N: u32, K: u32, n0: u32 } // n0: first column of this dispatch

@group(0) @binding(0) var<storage, read_write> c: array<f32>; // (M, N)
@group(0) @binding(1) var<storage, read> a: array<f32>;       // (M, K) (main)
@group(0) @binding(1) var<storage, read> a4: array<vec4f>;    // (K, M) (main_trans_a), 4 floats at a time
@group(0) @binding(2) var<storage, read> b4: array<W4>;       // (K, N), or (N, K) with TRANS_B: the weight
@group(0) @binding(3) var<uniform> params: Params;

// B stored (N, K): rows k .. k+3 of columns n .. n+3, one vec4 along k per column, transposed in registers.
fn load_bt(k: u32, n: u32) -> array<vec4f, 4> {
  let K4 = params.K / 4u;
  let c0 = vec4f(b4[n * K4 + k / 4u]);
  let c1 = vec4f(b4[(n + 1u) * K4 + k / 4u]);
  let c2 = vec4f(b4[(n + 2u) * K4 + k / 4u]);
  let c3 = vec4f(b4[(n + 3u) * K4 + k / 4u]);
  var blk: array<vec4f, 4>;
  for (var kk = 0u; kk < 4u; kk++) { blk[kk] = vec4f(c0[kk], c1[kk], c2[kk], c3[kk]); }
  return blk;
}

// acc[r] += Σ_k A(m0 + r, k0 + k)·B(k0 + k, n..n+3) over the SG k-steps whose A values the lanes hold in col.
fn accumulate(acc: ptr<function, array<vec4f, TM>>, col: array<f32, TM>, k0: u32, n: u32) {
  for (var kq = 0u; kq < SG; kq += 4u) {
    var blk: array<vec4f, 4>;
    if (TRANS_B) { blk = load_bt(k0 + kq, n); }
    for (var kk = 0u; kk < 4u; kk++) {
      var bv = blk[kk];
      // B (K, N): one row at a time, so that only 4 of B's values are live (the accumulators need the registers)
      if (!TRANS_B) { bv = vec4f(b4[((k0 + kq + kk) * params.N + n) / 4u]); }
      for (var r = 0u; r < TM; r++) { (*acc)[r] += subgroupShuffle(col[r], kq + kk) * bv; }
    }
  }
}

fn store(acc: array<vec4f, TM>, m0: u32, n: u32) {
  for (var r = 0u; r < TM; r++) {
    let o = (m0 + r) * params.N + n;
    var v = acc[r];
    if (ACCUMULATE) { v += vec4f(c[o], c[o + 1u], c[o + 2u], c[o + 3u]); }
    c[o] = v.x;
    c[o + 1u] = v.y;
    c[o + 2u] = v.z;
    c[o + 3u] = v.w;
  }
}

// A stored (M, K): each lane loads A(m0 + r, k0 + lane) for the TM rows.
@compute @workgroup_size(SG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(subgroup_invocation_id) lane: u32) {
  let m0 = wid.y * TM;
  let n = params.n0 + (wid.x * SG + lane) * 4u;
  var acc: array<vec4f, TM>; // rows m0 .. m0+TM-1, columns n .. n+3
  for (var k0 = 0u; k0 < params.K; k0 += SG) {
    var col: array<f32, TM>; // this lane's k-column: A(m0 + r, k0 + lane)
    for (var r = 0u; r < TM; r++) { col[r] = a[(m0 + r) * params.K + k0 + lane]; }
    accumulate(&acc, col, k0, n);
  }
  store(acc, m0, n);
}

// A stored (K, M): the lane's k-column is TM contiguous floats, two vec4 loads.
const_assert TM == 8u;
@compute @workgroup_size(SG)
fn main_trans_a(@builtin(workgroup_id) wid: vec3u, @builtin(subgroup_invocation_id) lane: u32) {
  let m0 = wid.y * TM;
  let n = params.n0 + (wid.x * SG + lane) * 4u;
  var acc: array<vec4f, TM>;
  for (var k0 = 0u; k0 < params.K; k0 += SG) {
    let i = ((k0 + lane) * params.M + m0) / 4u;
    let lo = a4[i];
    let hi = a4[i + 1u];
    accumulate(&acc, array<f32, TM>(lo.x, lo.y, lo.z, lo.w, hi.x, hi.y, hi.z, hi.w), k0, n);
  }
  store(acc, m0, n);
}

// Tiled matmul with register blocking: c (M,N) = (or +=) Σ_k A(m,k)·B(k,n), transposes never materialised.
//   forward          out (N,OC)  = inp (N,C) · W (OC,C)ᵀ     A stored (M,K), B stored (N,K): TRANS_B
//   backward_input   dinp (N,C) += dout (N,OC) · W (OC,C)    A stored (M,K), B stored (K,N)
//   backward_weight  dW (OC,C)  += dout (N,OC)ᵀ · inp (N,C)  A stored (K,M): TRANS_A, B stored (K,N)
// A workgroup of WG threads computes a TM × 4·WG tile of c; every thread owns the same TM rows and
// its own 4 columns (TM×4 accumulators). The A tile (TM×TK) is shared by all threads, so it goes
// through workgroup memory and is read at workgroup-uniform addresses (a broadcast on a GPU, one
// scalar load on lavapipe); each B element is used by one thread only, so B is read straight from
// global memory into registers, 4 k-steps × 4 columns at a time.
// `main_vec4` loads vec4s from global memory (contiguous dimensions multiples of 4); `main` loads
// scalars with every element bounds-checked (any shape). FULL drops the vec4 path's bounds checks: the
// whole tiles of a matrix go to a FULL dispatch and the last partial column strip to a checked one.

override TM: u32 = 8;   // rows per workgroup (and per thread), a multiple of 4, at most MAX_TM
override WG: u32 = 64;  // threads per workgroup; the tile is 4·WG columns wide
override TK: u32 = 32;  // k-steps per A tile, a multiple of 4
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override ACCUMULATE: bool = false;
override FULL: bool = false; // M, N, K multiples of the tile: no bounds checks

// The weight operand's storage: f32, or f16 for a frozen base kept at half precision (src/gpu/half-weights.ts).
alias W = f32;
alias W4 = vec4f;

const MAX_TM = 16u;
override A_ITEMS: u32 = TM * TK / 4; // vec4s per A tile

struct Params { M: u32, N: u32, K: u32, n0: u32 } // n0: first column of this dispatch (interior, then edge)

@group(0) @binding(0) var<storage, read_write> c: array<f32>; // (M, N)
@group(0) @binding(1) var<storage, read> a: array<f32>;       // (M, K), or (K, M) with TRANS_A
@group(0) @binding(2) var<storage, read> b: array<W>;         // (K, N), or (N, K) with TRANS_B: the weight
@group(0) @binding(1) var<storage, read> a4: array<vec4f>;    // the same buffers read 4 floats at a time
@group(0) @binding(2) var<storage, read> b4: array<W4>;
@group(0) @binding(3) var<uniform> params: Params;

var<workgroup> As: array<vec4f, A_ITEMS>; // [k][m / 4]: 4 rows of one k-step per vec4

// Flat index of A(m, k) and B(k, n) in their stored layouts.
fn a_index(m: u32, k: u32) -> u32 { if (TRANS_A) { return k * params.M + m; } return m * params.K + k; }
fn b_index(k: u32, n: u32) -> u32 { if (TRANS_B) { return n * params.K + k; } return k * params.N + n; }

// Tile position (row, k) of A item i: 4 floats along the stored contiguous dimension.
fn a_item(i: u32) -> vec2u {
  if (TRANS_A) { return vec2u(4u * (i % (TM / 4u)), i / (TM / 4u)); }
  return vec2u(i / (TK / 4u), 4u * (i % (TK / 4u)));
}

fn put_a(i: u32, v: vec4f) {
  let p = a_item(i);
  if (TRANS_A) {
    As[p.y * (TM / 4u) + p.x / 4u] = v;
  } else {
    for (var j = 0u; j < 4u; j++) { As[(p.y + j) * (TM / 4u) + p.x / 4u][p.x % 4u] = v[j]; }
  }
}

fn load_a4(m: u32, k: u32) -> vec4f {
  if (!FULL && (m >= params.M || k >= params.K)) { return vec4f(0.0); }
  return a4[a_index(m, k) / 4u];
}

fn load_a1(m: u32, k: u32) -> vec4f {
  var v = vec4f(0.0);
  for (var j = 0u; j < 4u; j++) {
    let mj = select(m, m + j, TRANS_A);
    let kj = select(k + j, k, TRANS_A);
    if (mj < params.M && kj < params.K) { v[j] = a[a_index(mj, kj)]; }
  }
  return v;
}

// B rows k .. k+3, columns n .. n+3 as 4 vec4s (one per k-step), zero outside the matrix.
fn load_b4(k: u32, n: u32) -> array<vec4f, 4> {
  var blk: array<vec4f, 4>;
  if (TRANS_B) {
    // stored (N, K): one vec4 along k per column, transposed in registers
    var cols: array<vec4f, 4>;
    for (var j = 0u; j < 4u; j++) {
      if (FULL || (n + j < params.N && k < params.K)) { cols[j] = vec4f(b4[b_index(k, n + j) / 4u]); }
    }
    for (var kk = 0u; kk < 4u; kk++) { blk[kk] = vec4f(cols[0][kk], cols[1][kk], cols[2][kk], cols[3][kk]); }
  } else {
    for (var kk = 0u; kk < 4u; kk++) {
      if (FULL || (n < params.N && k + kk < params.K)) { blk[kk] = vec4f(b4[b_index(k + kk, n) / 4u]); }
    }
  }
  return blk;
}

fn load_b1(k: u32, n: u32) -> array<vec4f, 4> {
  var blk: array<vec4f, 4>;
  for (var kk = 0u; kk < 4u; kk++) {
    for (var j = 0u; j < 4u; j++) {
      if (n + j < params.N && k + kk < params.K) { blk[kk][j] = f32(b[b_index(k + kk, n + j)]); }
    }
  }
  return blk;
}

// acc[r] += A(r, k+kk) · B(k+kk, n..n+3) for the 4 k-steps of blk; A from the shared tile at step kt.
fn multiply(acc_in: array<vec4f, MAX_TM>, blk: array<vec4f, 4>, kt: u32) -> array<vec4f, MAX_TM> {
  var acc = acc_in;
  for (var kk = 0u; kk < 4u; kk++) {
    let bv = blk[kk];
    for (var rq = 0u; rq < TM / 4u; rq++) {
      let av = As[(kt + kk) * (TM / 4u) + rq];
      acc[4u * rq] += av.x * bv;
      acc[4u * rq + 1u] += av.y * bv;
      acc[4u * rq + 2u] += av.z * bv;
      acc[4u * rq + 3u] += av.w * bv;
    }
  }
  return acc;
}

fn store(acc: array<vec4f, MAX_TM>, m0: u32, n: u32) {
  for (var r = 0u; r < TM; r++) {
    let m = m0 + r;
    for (var j = 0u; j < 4u; j++) {
      if (FULL || (m < params.M && n + j < params.N)) {
        let idx = m * params.N + n + j;
        if (ACCUMULATE) { c[idx] += acc[r][j]; } else { c[idx] = acc[r][j]; }
      }
    }
  }
}

@compute @workgroup_size(WG)
fn main_vec4(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) li: u32) {
  let m0 = wid.y * TM;
  let n = params.n0 + (wid.x * WG + li) * 4u;
  var acc: array<vec4f, MAX_TM>;
  for (var k0 = 0u; k0 < params.K; k0 += TK) {
    for (var i = li; i < A_ITEMS; i += WG) {
      let p = a_item(i);
      put_a(i, load_a4(m0 + p.x, k0 + p.y));
    }
    workgroupBarrier();
    let kend = min(TK, params.K - k0); // a runtime bound: keeps the compiler from unrolling TK/4 copies
    for (var kt = 0u; kt < kend; kt += 4u) { acc = multiply(acc, load_b4(k0 + kt, n), kt); }
    workgroupBarrier();
  }
  store(acc, m0, n);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) li: u32) {
  let m0 = wid.y * TM;
  let n = params.n0 + (wid.x * WG + li) * 4u;
  var acc: array<vec4f, MAX_TM>;
  for (var k0 = 0u; k0 < params.K; k0 += TK) {
    for (var i = li; i < A_ITEMS; i += WG) {
      let p = a_item(i);
      put_a(i, load_a1(m0 + p.x, k0 + p.y));
    }
    workgroupBarrier();
    let kend = min(TK, params.K - k0); // a runtime bound: keeps the compiler from unrolling TK/4 copies
    for (var kt = 0u; kt < kend; kt += 4u) { acc = multiply(acc, load_b1(k0 + kt, n), kt); }
    workgroupBarrier();
  }
  store(acc, m0, n);
}

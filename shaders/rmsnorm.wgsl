// RMSNorm. forward: rstd = 1/sqrt(mean(inp²) + eps), out = inp·rstd·weight (rstd saved).
// backward: dinp += rstd·(weight·dout − inp·rstd²·mean(weight·dout·inp)); dweight += Σ_n dout·inp·rstd.
// forward and backward_inp: one workgroup per row. dweight in two deterministic stages, no atomics:
// backward_weight_partial sums one chunk of rows for a block of DW_COLS columns per workgroup (DW_LANES
// row lanes each) into partials (chunks, C); backward_weight_reduce adds each column's partials in order.

override WG: u32 = 256;      // power of two (tree reduction)
override DW_COLS: u32 = 32;  // columns per workgroup in backward_weight_partial (coalesced row reads)
override DW_LANES: u32 = 8;  // row lanes per column in backward_weight_partial

struct Params { N: u32, C: u32, eps: f32, chunk_rows: u32, chunks: u32 }
@group(0) @binding(4) var<uniform> params: Params;

// forward bindings
@group(0) @binding(0) var<storage, read_write> out: array<f32>;   // (N, C)
@group(0) @binding(1) var<storage, read_write> rstd: array<f32>;  // (N)
@group(0) @binding(2) var<storage, read> inp: array<f32>;         // (N, C)
@group(0) @binding(3) var<storage, read> weight: array<f32>;      // (C)

// backward_inp bindings (dinp accumulates); binding 2 is inp, 3 is weight as above
@group(0) @binding(0) var<storage, read_write> dinp: array<f32>;  // (N, C)
@group(0) @binding(1) var<storage, read> dout: array<f32>;        // (N, C)
@group(0) @binding(5) var<storage, read> rstd_in: array<f32>;     // (N)

// backward_weight_partial bindings; binding 1 is dout, 2 is inp
@group(0) @binding(0) var<storage, read_write> partials: array<f32>; // (chunks, C), overwritten
@group(0) @binding(3) var<storage, read> rstd_w: array<f32>;         // (N)

// backward_weight_reduce bindings (dweight accumulates); its params sit at binding 2 (bindings are dense)
@group(0) @binding(0) var<storage, read_write> dweight: array<f32>;  // (C)
@group(0) @binding(1) var<storage, read> partials_in: array<f32>;    // (chunks, C)
@group(0) @binding(2) var<uniform> reduce_params: Params;

var<workgroup> red: array<f32, WG>;
var<workgroup> part: array<f32, DW_COLS * DW_LANES>;

// Sum of v over the workgroup; every thread gets the result.
fn wg_sum(v: f32, lid: u32) -> f32 {
  red[lid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] += red[lid + s]; }
    workgroupBarrier();
  }
  let total = red[0];
  workgroupBarrier(); // red is reused by the next call
  return total;
}

@compute @workgroup_size(WG)
fn forward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let n = wid.y * nwg.x + wid.x;
  if (n >= params.N) { return; }
  let C = params.C;
  let row = n * C;
  var ss = 0.0;
  for (var c = lid.x; c < C; c += WG) { ss += inp[row + c] * inp[row + c]; }
  let r = inverseSqrt(wg_sum(ss, lid.x) / f32(C) + params.eps);
  if (lid.x == 0u) { rstd[n] = r; }
  for (var c = lid.x; c < C; c += WG) { out[row + c] = inp[row + c] * r * weight[c]; }
}

@compute @workgroup_size(WG)
fn backward_inp(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let n = wid.y * nwg.x + wid.x;
  if (n >= params.N) { return; }
  let C = params.C;
  let row = n * C;
  let r = rstd_in[n];
  var d = 0.0;
  for (var c = lid.x; c < C; c += WG) { d += weight[c] * dout[row + c] * inp[row + c]; }
  let k = r * r * wg_sum(d, lid.x) / f32(C);
  for (var c = lid.x; c < C; c += WG) {
    dinp[row + c] += r * (weight[c] * dout[row + c] - inp[row + c] * k);
  }
}

// Grid (ceil(C / DW_COLS), chunks): workgroup (x, y) covers rows [y·chunk_rows, (y+1)·chunk_rows) of its columns.
@compute @workgroup_size(DW_COLS, DW_LANES)
fn backward_weight_partial(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let c = wid.x * DW_COLS + lid.x;
  let C = params.C;
  let start = wid.y * params.chunk_rows;
  let end = min(start + params.chunk_rows, params.N);
  var acc = 0.0;
  if (c < C) {
    for (var n = start + lid.y; n < end; n += DW_LANES) { acc += dout[n * C + c] * inp[n * C + c] * rstd_w[n]; }
  }
  part[lid.y * DW_COLS + lid.x] = acc;
  workgroupBarrier();
  if (lid.y == 0u && c < C) {
    var total = 0.0;
    for (var l = 0u; l < DW_LANES; l++) { total += part[l * DW_COLS + lid.x]; }
    partials[wid.y * C + c] = total;
  }
}

// One thread per column; partials summed in chunk order, so the result depends only on the shape.
@compute @workgroup_size(WG)
fn backward_weight_reduce(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  let C = reduce_params.C;
  if (c >= C) { return; }
  var total = 0.0;
  for (var r = 0u; r < reduce_params.chunks; r++) { total += partials_in[r * C + c]; }
  dweight[c] += total;
}

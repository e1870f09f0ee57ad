// Shared WGSL: appended to shaders/attention.wgsl and shaders/attention_subgroup.wgsl by their op (WGSL has no
// includes), so both kernel families read and write the same buffers. The including shader defines HD4.

struct Params { B: u32, T: u32, H: u32, KVH: u32, scale: f32 }

@group(0) @binding(0) var<storage, read> qkv: array<vec4f>;        // (B, T, H + 2·KVH, hd)
@group(0) @binding(1) var<storage, read> dout: array<vec4f>;       // (B, T, H, hd)
@group(0) @binding(2) var<storage, read_write> lse: array<f32>;    // (B, H, T), written by forward
@group(0) @binding(3) var<uniform> params: Params;
@group(0) @binding(4) var<storage, read_write> out: array<vec4f>;  // (B, T, H, hd), written by forward
@group(0) @binding(5) var<storage, read_write> dsum: array<f32>;   // (B, H, T), written by backward_preprocess
@group(0) @binding(6) var<storage, read_write> dqkv: array<vec4f>; // (B, T, H + 2·KVH, hd), accumulates

// Flat vec4 index of a row: head `head` of qkv, head h of out / dout / dqkv's q part, and (b, h, t) of lse / dsum.
fn qkv_row(b: u32, t: u32, head: u32) -> u32 { return ((b * params.T + t) * (params.H + 2u * params.KVH) + head) * HD4; }
fn head_row(b: u32, t: u32, h: u32) -> u32 { return ((b * params.T + t) * params.H + h) * HD4; }
fn stat(b: u32, h: u32, t: u32) -> u32 { return (b * params.H + h) * params.T + t; }


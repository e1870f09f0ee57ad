// Shared WGSL: appended to shaders/rope.wgsl and shaders/decode.wgsl by their ops (WGSL has no includes),
// so the training RoPE and the KV-cache RoPE compute identical angles.

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

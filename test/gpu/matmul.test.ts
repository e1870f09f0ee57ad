import { describe, expect, it } from 'vitest';
import { defaultKernelFamily, GpuRuntime } from '../../src/gpu';
import { matmulBackward, matmulForward } from '../../src/engine/ops/matmul';
import { matmulSuite, type MatmulShape } from '../shared/matmul';

// Scalar path: 1×1×1, B=3·T=7 rows with C=33 and OC=65, 17×33×65; vec4 forward with a scalar
// backward (C=32, OC=65); all vec4 with ragged tiles (21×32×72); a 256-ish square on the vec4 path;
// whole tiles (every variant on the FULL path, no bounds checks): 64×128×256; whole tiles plus a
// checked edge strip in every variant (the `tiny` MLP's widths): 64×352×224. Both kernels for whole tiles
// run every shape (the subgroup kernel takes whole tiles of 8 rows × 32 columns × 8 k-steps on lavapipe; the
// shapes that have none run all on the tiled kernel's checked paths); 40×96×168 puts both backward variants
// wholly on subgroup tiles. 24×16×40 (a 16-wide model): both backward outputs are strips of 16 columns, the tiled
// kernel's narrow 4-thread workgroups; with a 4-column edge (37×12×70) on the scalar path.
const shapes: MatmulShape[] = [
  [1, 1, 1],
  [21, 33, 65],
  [17, 33, 65],
  [21, 32, 65],
  [21, 32, 72],
  [260, 256, 252],
  [64, 128, 256],
  [64, 352, 224],
  [40, 96, 168],
  [24, 16, 40],
  [37, 12, 70],
];
matmulSuite(shapes, 'tiled');
matmulSuite(shapes, 'subgroup');

describe('matmul: interior and edge strips', () => {
  it('splits columns into a FULL dispatch and a checked edge when rows and k-steps fill whole tiles', async () => {
    const gpu = await GpuRuntime.create();
    try {
      const buf = (n: number) => gpu.device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE });
      const [N, C, OC] = [64, 352, 224];
      const fwd = await matmulForward(gpu, buf(N * OC), buf(N * C), buf(OC * C), N, C, OC, 'tiled');
      const bwd = await matmulBackward(gpu, buf(N * C), buf(OC * C), buf(N * OC), buf(N * C), buf(OC * C), N, C, OC, 'tiled');
      expect(fwd.map((d) => d.label)).toEqual(['matmul.forward.full(64x224x352)[0:128]', 'matmul.forward.vec4(64x224x352)[128:224]']);
      expect(bwd.map((d) => d.label)).toEqual([
        'matmul.backward_input.full(64x352x224)[0:256]',
        'matmul.backward_input.vec4(64x352x224)[256:352]',
        'matmul.backward_weight.full(224x352x64)[0:256]',
        'matmul.backward_weight.vec4(224x352x64)[256:352]',
      ]);
      // Rows that do not fill a tile keep one checked dispatch over every column.
      const ragged = await matmulForward(gpu, buf(21 * OC), buf(21 * C), buf(OC * C), 21, C, OC, 'tiled');
      expect(ragged.map((d) => d.label)).toEqual(['matmul.forward.vec4(21x224x352)']);
    } finally {
      gpu.destroy();
    }
  });

  it('gives whole subgroup tiles to the subgroup kernel, the default on lavapipe, and the rest to the tiled kernel', async () => {
    const gpu = await GpuRuntime.create();
    try {
      // lavapipe is a fallback adapter with subgroups of 8: tiles of 8 rows × 32 columns, k in steps of 8.
      expect(gpu.info.adapter).toMatchObject({ fallback: true, subgroupSize: 8 });
      expect(defaultKernelFamily(gpu.info)).toBe('subgroup');
      const buf = (n: number) => gpu.device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE });
      const [N, C, OC] = [64, 352, 200];
      const fwd = await matmulForward(gpu, buf(N * OC), buf(N * C), buf(OC * C), N, C, OC);
      const bwd = await matmulBackward(gpu, buf(N * C), buf(OC * C), buf(N * OC), buf(N * C), buf(OC * C), N, C, OC);
      expect(fwd.map((d) => d.label)).toEqual(['matmul.forward.subgroup(64x200x352)[0:192]', 'matmul.forward.vec4(64x200x352)[192:200]']);
      expect(bwd.map((d) => d.label)).toEqual([
        'matmul.backward_input.subgroup(64x352x200)',
        'matmul.backward_weight.subgroup(200x352x64)',
      ]);
      // k-steps that are not a multiple of the subgroup size: all on the tiled kernel's checked path.
      const ragged = await matmulForward(gpu, buf(N * OC), buf(N * 36), buf(OC * 36), N, 36, OC);
      expect(ragged.map((d) => d.label)).toEqual(['matmul.forward.vec4(64x200x36)']);
    } finally {
      gpu.destroy();
    }
  });
});

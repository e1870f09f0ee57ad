import { describe, expect, it } from 'vitest';
import { GpuRuntime } from '../../src/gpu';
import { matmulBackward, matmulForward } from '../../src/engine/ops/matmul';
import { matmulSuite } from '../shared/matmul';

// Scalar path: 1×1×1, B=3·T=7 rows with C=33 and OC=65, 17×33×65; vec4 forward with a scalar
// backward (C=32, OC=65); all vec4 with ragged tiles (21×32×72); a 256-ish square on the vec4 path;
// whole tiles (every variant on the FULL path, no bounds checks): 64×128×256; whole tiles plus a
// checked edge strip in every variant (the `tiny` MLP's widths): 64×352×224.
matmulSuite([
  [1, 1, 1],
  [21, 33, 65],
  [17, 33, 65],
  [21, 32, 65],
  [21, 32, 72],
  [260, 256, 252],
  [64, 128, 256],
  [64, 352, 224],
]);

describe('matmul: interior and edge strips', () => {
  it('splits columns into a FULL dispatch and a checked edge when rows and k-steps fill whole tiles', async () => {
    const gpu = await GpuRuntime.create();
    try {
      const buf = (n: number) => gpu.device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE });
      const [N, C, OC] = [64, 352, 224];
      const fwd = await matmulForward(gpu, buf(N * OC), buf(N * C), buf(OC * C), N, C, OC);
      const bwd = await matmulBackward(gpu, buf(N * C), buf(OC * C), buf(N * OC), buf(N * C), buf(OC * C), N, C, OC);
      expect(fwd.map((d) => d.label)).toEqual(['matmul.forward.full(64x224x352)[0:128]', 'matmul.forward.vec4(64x224x352)[128:224]']);
      expect(bwd.map((d) => d.label)).toEqual([
        'matmul.backward_input.full(64x352x224)[0:256]',
        'matmul.backward_input.vec4(64x352x224)[256:352]',
        'matmul.backward_weight.full(224x352x64)[0:256]',
        'matmul.backward_weight.vec4(224x352x64)[256:352]',
      ]);
      // Rows that do not fill a tile keep one checked dispatch over every column.
      const ragged = await matmulForward(gpu, buf(21 * OC), buf(21 * C), buf(OC * C), 21, C, OC);
      expect(ragged.map((d) => d.label)).toEqual(['matmul.forward.vec4(21x224x352)']);
    } finally {
      gpu.destroy();
    }
  });
});

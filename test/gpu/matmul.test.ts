import { matmulSuite } from '../shared/matmul';

// Scalar path: 1×1×1, B=3·T=7 rows with C=33 and OC=65, 17×33×65; vec4 forward with a scalar
// backward (C=32, OC=65); all vec4 with ragged tiles (21×32×72); a 256-ish square on the vec4 path;
// whole tiles (every variant on the FULL path, no bounds checks): 64×128×256.
matmulSuite([
  [1, 1, 1],
  [21, 33, 65],
  [17, 33, 65],
  [21, 32, 65],
  [21, 32, 72],
  [260, 256, 252],
  [64, 128, 256],
]);

import { matmulSuite } from '../shared/matmul';

// SwiftShader is slow: tiny shapes, one per path (scalar, vec4 forward + scalar backward, all vec4, whole tiles).
matmulSuite([
  [1, 1, 1],
  [21, 33, 65],
  [7, 32, 65],
  [9, 32, 72],
  [32, 128, 128],
]);

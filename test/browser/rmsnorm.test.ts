import { rmsnormSuite } from '../shared/rmsnorm';

// SwiftShader is slow: small odd shapes only.
rmsnormSuite([
  { N: 21, C: 33 },
  { N: 5, C: 300 },
]);

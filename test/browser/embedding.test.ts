import { embeddingSuite } from '../shared/embedding';

// SwiftShader is slow: small odd shapes only.
embeddingSuite([
  { N: 21, C: 33, V: 10 },
  { N: 21, C: 33, V: 1000 },
]);

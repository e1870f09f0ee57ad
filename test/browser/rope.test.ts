import { ropeSuite } from '../shared/rope';

// SwiftShader is slow: small odd shapes only.
ropeSuite([
  { B: 3, T: 7, H: 4, KVH: 2, hd: 34, posOffset: 0 },
  { B: 1, T: 5, H: 2, KVH: 1, hd: 16, posOffset: 1000 },
]);

import { rmsnormSuite } from '../shared/rmsnorm';

// Odd shapes: B=3, T=7 (N=21), C=33; C above the workgroup size; many rows for the dweight reduction.
rmsnormSuite([
  { N: 1, C: 1 },
  { N: 21, C: 33 },
  { N: 21, C: 777 },
  { N: 2049, C: 129 },
]);

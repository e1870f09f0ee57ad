import { rmsnormSuite } from '../shared/rmsnorm';

// Odd shapes: B=3, T=7 (N=21), C=33; C above the workgroup size; many rows for the two-stage dweight
// reduction (chunks of 64 rows, the last one short); past 256 chunks, longer chunks.
rmsnormSuite([
  { N: 1, C: 1 },
  { N: 21, C: 33 },
  { N: 21, C: 777 },
  { N: 1000, C: 33 },
  { N: 1000, C: 256 },
  { N: 2049, C: 129 },
  { N: 20000, C: 5 },
]);

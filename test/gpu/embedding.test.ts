import { embeddingSuite } from '../shared/embedding';

// Odd shapes (B=3, T=7 → N=21; C=33), a vocabulary smaller than N (repeats) and a larger batch.
embeddingSuite([
  { N: 1, C: 1, V: 1 },
  { N: 21, C: 33, V: 10 },
  { N: 21, C: 33, V: 1000 },
  { N: 515, C: 300, V: 257 },
]);

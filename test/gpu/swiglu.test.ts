import { swigluSuite } from '../shared/swiglu';

// Odd shapes: B=3, T=7 (N=21), F=33, and a hidden size like tiny's (352) over more rows.
swigluSuite([
  { N: 1, F: 1 },
  { N: 21, F: 33 },
  { N: 1023, F: 352 },
]);

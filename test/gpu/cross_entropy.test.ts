import { crossEntropySuite } from '../shared/cross_entropy';

// Odd shapes (B=3, T=7 → N=21), V below and above the workgroup size, and GPT-2's 50257 with few rows.
crossEntropySuite([
  { N: 1, V: 2 },
  { N: 21, V: 33 },
  { N: 21, V: 1001 },
  { N: 5, V: 50257 },
]);

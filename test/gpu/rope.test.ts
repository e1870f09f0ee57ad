import { ropeSuite } from '../shared/rope';

// Odd shapes (B=3, T=7), GQA (KVH < H), an odd half head dim (hd=34) and generation offsets.
ropeSuite([
  { B: 1, T: 1, H: 1, KVH: 1, hd: 2, posOffset: 0 },
  { B: 3, T: 7, H: 4, KVH: 2, hd: 34, posOffset: 0 },
  { B: 3, T: 7, H: 3, KVH: 3, hd: 64, posOffset: 1000 },
  { B: 2, T: 129, H: 8, KVH: 2, hd: 32, posOffset: 3 },
]);

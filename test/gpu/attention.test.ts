import { attentionSuite, type AttentionShape } from '../shared/attention';

// T=1; B=3 T=7 with GQA (H=4, KVH=2); T=70 crosses a 64-row workgroup and 32-row tiles unevenly;
// hd=128 (8-row tiles) with H=KVH; a moderate T=200 with GQA 4:1. Both kernel families (the subgroup
// kernels take 8 rows per workgroup on lavapipe: T=7, 70 and 45 end in a partial subgroup).
const shapes: AttentionShape[] = [
  [1, 1, 1, 1, 4],
  [3, 7, 4, 2, 8],
  [2, 70, 4, 2, 16],
  [1, 45, 2, 2, 128],
  [1, 200, 4, 1, 32],
];
attentionSuite(shapes, 'tiled');
attentionSuite(shapes, 'subgroup');

import { attentionSuite } from '../shared/attention';

// SwiftShader is slow: tiny shapes (GQA, ragged T); hd=128 runs in the gpu tier only (its compile is slow).
attentionSuite([
  [1, 1, 1, 1, 4],
  [3, 7, 4, 2, 8],
  [1, 9, 2, 2, 16],
]);

import { adamwSuite } from '../shared/adamw';

// An odd size with a decay boundary inside; one past 65535 workgroups of 256 (the two-dimensional
// grid), a single clipped step there to keep the file fast.
adamwSuite([
  { n: 1, decayEnd: 1, steps: 2, clips: ['off', 'on'] },
  { n: 100003, decayEnd: 70001, steps: 5, clips: ['off', 'on'] },
  { n: 256 * 65535 + 7, decayEnd: 256 * 65535, steps: 1, clips: ['on'] },
]);

import { adamwSuite } from '../shared/adamw';

// An odd size with a decay boundary inside, tracked over 5 steps; plus the large-buffer case
// (past 65535 workgroups of 256) checked on slices.
adamwSuite(
  [
    { n: 1, decayEnd: 1, steps: 2, clips: ['off', 'on'] },
    { n: 100003, decayEnd: 70001, steps: 5, clips: ['off', 'on'] },
  ],
  true,
);

import { describe } from 'vitest';
import { GQA_CONFIG, NANO, engineSuite, learningSuite, queuedStepsSuite } from '../shared/engine';

engineSuite([
  { name: 'nano', config: NANO(53), B: 3, T: 13, steps: 5 },
  { name: 'odd GQA (H=6, KVH=2, untied)', config: GQA_CONFIG, B: 2, T: 19, steps: 5 },
]);

describe('engine learning', () => learningSuite(NANO(12), 60));

describe('engine step ordering', () => queuedStepsSuite(NANO(31)));

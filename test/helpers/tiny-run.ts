// A run config small enough to run, stop and resume in a unit test on the cpu backend.
import { DEFAULT_CONFIG, type RunConfig } from '../../src/tripost/config';

/** Short texts (msa at the easy level, task tokenizer) keep a nano step well under a second; 4 finetune and 6 train steps. */
export const TINY_RUN: RunConfig = {
  ...DEFAULT_CONFIG, task: 'msa', level: 'easy', preset: 'nano', tokenizer: 'task', contextLength: 192, trainProblems: 4, goldProblems: 8, evalProblems: 2,
  iterations: 1, epochs: 2, sftEpochs: 1, batchSize: 2, generateBatch: 4, minTrainExamples: 1, seed: 3,
};

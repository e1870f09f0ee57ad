// The Demo's note on a shipped warm start says how it was trained: gold rationales only, or also its own answers.
import { describe, expect, it } from 'vitest';
import { describeWarmStart } from '../../../src/ui/demo/warm-starts.svelte';
import type { WarmStartEntry } from '../../../src/tripost/warmstart-manifest';

const entry: WarmStartEntry = {
  name: 'msa-quick', file: 'msa-quick.safetensors', bytes: 1, task: 'msa', level: 'quick', preset: 'micro', tokenizer: 'task',
  steps: 3300, batchSize: 16, lr: 0.003, dataSeed: 1, initSeed: 1, backend: 'webgpu', wallSeconds: 600, evalProblems: 100,
  seen: { accuracy: 0.62, majority: { answer: '-3', accuracy: 0.07 } }, unseen: { accuracy: 0.02, majority: { answer: '9', accuracy: 0.04 } },
  curve: [], feedbackFrom: 3000, command: 'npm run warmstart -- --task msa',
};

describe('describeWarmStart', () => {
  it('counts the gold-rationale steps and says nothing of own answers for a plain warm start', () => {
    const note = describeWarmStart(entry);
    expect(note).toMatch(/fine-tuned on 3,300 × 16 gold rationales at the quick level \(from step 3,000 each followed by the critic's "correct" feedback/);
    expect(note).not.toMatch(/own answers/);
    expect(note).toMatch(/answers 62% of 100 held-out seen problems .* always answering -3 would score 7%/);
  });

  it('splits the steps between gold rationales and practice on its own answers', () => {
    const note = describeWarmStart({ ...entry, steps: 4100, ownFrom: 3300, ownShare: 0.5 });
    expect(note).toMatch(/fine-tuned on 3,300 × 16 gold rationales/);
    expect(note).toMatch(/then 800 steps in which 50% of the rows were its own answers to fresh problems with the scripted critic's verdict/);
    expect(note).toMatch(/which the paper's starting model has not/);
    expect(note).not.toMatch(/verdict of only/);
    const balanced = describeWarmStart({ ...entry, steps: 4100, ownFrom: 3300, ownShare: 0.5, ownBalanceFrom: 3700, ownKeepCorrect: 0.33 });
    expect(balanced).toMatch(/correction \(from step 3,700 the "correct" verdict of only 33% of its right answers was trained/);
  });
});

// The Demo's LoRA choice: in the URL, in the run config (only for a run from an imported checkpoint), read back from a
// stored run; and the shapes and lines of the memory shown before a run starts.
import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../../src/engine';
import { estimateMemory } from '../../../src/engine/memory-estimate';
import { choicesFromQuery, choicesOfConfig, choicesToQuery, defaultChoices, runConfigOf } from '../../../src/ui/demo/demo-config';
import { describeModel, formatParameters, memoryLines } from '../../../src/ui/model-memory';
import { runMemoryShape } from '../../../src/tripost/run-memory';

const SMOLLM2: ModelConfig = { vocabSize: 49152, dim: 576, nLayers: 30, nHeads: 9, nKvHeads: 3, hiddenDim: 1536, maxSeqLen: 8192, ropeTheta: 100000, normEps: 1e-5, tiedEmbeddings: true };
const defaults = defaultChoices('webgpu');

describe('the Demo\'s LoRA choice', () => {
  it('is full fine-tuning by default, and travels in the URL only when LoRA is chosen', () => {
    expect(defaults).toMatchObject({ lora: false, loraRank: 8, loraAlpha: 16 });
    expect(choicesToQuery(defaults)).not.toHaveProperty('lora');
    const chosen = { ...defaults, checkpoint: 3, lora: true, loraRank: 4, loraAlpha: 32 };
    const query = choicesToQuery(chosen);
    expect(query).toMatchObject({ ckpt: '3', lora: '1', rank: '4', alpha: '32' });
    expect(choicesFromQuery(new URLSearchParams(query), defaults)).toEqual(chosen);
    const bad = choicesFromQuery(new URLSearchParams({ lora: '1', rank: '2.5', alpha: '-1' }), defaults);
    expect(bad).toMatchObject({ lora: true, loraRank: 8, loraAlpha: 16 });
  });

  it('reaches the run config only for a run from an imported checkpoint, on q_proj and v_proj', () => {
    expect(runConfigOf({ ...defaults, checkpoint: 3, lora: true, loraRank: 4, loraAlpha: 32 }).lora).toEqual({ rank: 4, alpha: 32, targets: ['q_proj', 'v_proj'] });
    expect(runConfigOf({ ...defaults, checkpoint: null, lora: true }).lora).toBeUndefined();
    expect(runConfigOf({ ...defaults, checkpoint: 3 }).lora).toBeUndefined();
  });

  it('keeps the frozen weights as f16 when asked: in the URL, the run config and back from a stored run', () => {
    expect(defaults.loraHalf).toBe(false);
    const half = { ...defaults, checkpoint: 3, lora: true, loraHalf: true };
    expect(choicesToQuery(half)).toMatchObject({ lora: '1', half: '1' });
    expect(choicesFromQuery(new URLSearchParams(choicesToQuery(half)), defaults)).toEqual(half);
    expect(runConfigOf(half).halfBase).toBe(true);
    expect(runConfigOf({ ...half, lora: false }).halfBase).toBeUndefined(); // full fine-tuning trains every weight in f32
    expect(choicesOfConfig(runConfigOf(half), 'webgpu', false).loraHalf).toBe(true);
    const [, lora, f16] = memoryLines(SMOLLM2, { batchSize: 4, contextLength: 256, generateBatch: 8 }, { rank: 8, alpha: 16, targets: ['q_proj', 'v_proj'] });
    expect(lora.parts).toMatch(/^weights 513 MiB \(frozen\), /);
    expect(f16).toMatchObject({ mode: 'lora-f16', name: 'LoRA (rank 8, alpha 16, q_proj, v_proj), frozen weights f16' });
    expect(f16.parts).toMatch(/^weights 257 MiB \(frozen, f16\), /);
  });

  it('is read back from a stored run', () => {
    const stored = runConfigOf({ ...defaults, checkpoint: 3, lora: true, loraRank: 2, loraAlpha: 2 });
    expect(choicesOfConfig(stored, 'webgpu', false)).toMatchObject({ checkpoint: 3, lora: true, loraRank: 2, loraAlpha: 2 });
    expect(choicesOfConfig(runConfigOf({ ...defaults, checkpoint: 3 }), 'webgpu', false)).toMatchObject({ lora: false, loraRank: 8, loraAlpha: 16 });
  });
});

describe('the memory shown before a run', () => {
  it("counts a plan for every padded batch length up to the context, and generation at the run's batch", () => {
    expect(runMemoryShape({ batchSize: 16, contextLength: 512, generateBatch: 50 })).toEqual({
      batch: { B: 16, lengths: [64, 128, 192, 256, 320, 384, 448, 512] },
      generate: { rows: 50, tokens: 512, prompt: 512 },
    });
    expect(runMemoryShape({ batchSize: 4, contextLength: 100, generateBatch: 8 }).batch.lengths).toEqual([64, 100]);
  });

  it('names SmolLM2-135M by its parameters, and LoRA needs less than full fine-tuning by the base\'s gradients and moments', () => {
    expect(describeModel('SmolLM2-135M', SMOLLM2)).toBe('SmolLM2-135M: 134.5 M parameters, 30 layers, width 576');
    expect([formatParameters(999), formatParameters(12_345), formatParameters(1_235_814_400)]).toEqual(['999', '12.3 k', '1.24 B']);
    const config = { batchSize: 4, contextLength: 256, generateBatch: 8 };
    const [full, lora] = memoryLines(SMOLLM2, config, { rank: 8, alpha: 16, targets: ['q_proj', 'v_proj'] });
    expect(full.parts).toMatch(/^weights 513 MiB, gradients 513 MiB, Adam moments 1\.0 GiB, training activations [\d.]+ [MG]iB, generation [\d.]+ MiB$/);
    expect(lora.parts).toMatch(/^weights 513 MiB \(frozen\), adapters with their gradients and Adam moments 7\.\d MiB, /);
    const shape = runMemoryShape(config);
    const m = { ...SMOLLM2, maxSeqLen: 256 };
    const fullBytes = estimateMemory(m, null, shape);
    const saved = fullBytes.total - estimateMemory(m, { rank: 8, alpha: 16, targets: ['q_proj', 'v_proj'] }, shape).total;
    // The base's gradients and two moments, less the adapters' and what they save of their inputs.
    expect(saved).toBeGreaterThan(0.98 * 3 * fullBytes.weights);
    expect(saved).toBeLessThan(3 * fullBytes.weights);
  });
});

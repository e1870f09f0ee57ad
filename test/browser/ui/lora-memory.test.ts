// What a run from an imported model will need, shown before it starts: the Demo form offers full fine-tuning or LoRA
// (rank, alpha) and shows the GPU memory of each, the chosen one marked; Settings' import names the model, its
// parameters and the memory of both modes. No GPU work: the estimate is arithmetic, so SmolLM2-135M's real shape is used.
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import ConfigForm from '../../../src/ui/demo/ConfigForm.svelte';
import CheckpointPanel from '../../../src/ui/settings/CheckpointPanel.svelte';
import { defaultChoices, runConfigOf, type DemoChoices } from '../../../src/ui/demo/demo-config';
import { appDb } from '../../../src/ui/app-db.svelte';
import { memoryLines } from '../../../src/ui/model-memory';
import type { ModelConfig } from '../../../src/engine';
import type { CheckpointRecord, JsonObject } from '../../../src/store';
import { plantedLlamaFiles } from '../../helpers/planted-llama';
import { smallTokenizerJson, TOKENIZER_CONFIG } from '../../helpers/hf-fixtures';

const SMOLLM2: ModelConfig = { vocabSize: 49152, dim: 576, nLayers: 30, nHeads: 9, nKvHeads: 3, hiddenDim: 1536, maxSeqLen: 1024, ropeTheta: 100000, normEps: 1e-5, tiedEmbeddings: true };
const RECORD = { id: 5, runId: 0, iteration: 0, label: 'SmolLM2-135M', modelConfig: SMOLLM2 as unknown as JsonObject, tensors: [], byteLength: 538_060_800, chunkCount: 17, createdAt: 0 } satisfies CheckpointRecord;

const words = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();
const mounted: Record<string, unknown>[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) unmount(m);
  document.body.innerHTML = '';
});

function form(choices: DemoChoices, asked: Partial<DemoChoices>[] = []) {
  mounted.push(mount(ConfigForm, { target: document.body, props: { choices, disabled: false, gpu: 'available', importedCheckpoints: [RECORD], warmStart: null, onchange: (c: Partial<DemoChoices>) => asked.push(c) } }));
  flushSync();
}
const select = (label: string) => [...document.querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(label))?.querySelector('select, input') as HTMLSelectElement | HTMLInputElement | undefined;
const memoryItems = () => [...document.querySelectorAll('[data-testid=memory-needs] li')];

describe('the Demo form from an imported checkpoint', () => {
  it('offers full fine-tuning or LoRA only for an imported model', () => {
    form(defaultChoices('webgpu'));
    expect(select('Fine-tuning')).toBeUndefined();
    expect(document.querySelector('[data-testid=memory-needs]')).toBeNull();
  });

  it('shows the memory of both choices before the run, full fine-tuning chosen', () => {
    const asked: Partial<DemoChoices>[] = [];
    const choices = { ...defaultChoices('webgpu'), checkpoint: 5 };
    form(choices, asked);
    expect(select('Fine-tuning')?.value).toBe('full');
    expect(select('LoRA rank')).toBeUndefined();
    const expected = memoryLines(SMOLLM2, runConfigOf(choices), { rank: 8, alpha: 16, targets: ['q_proj', 'v_proj'] });
    const [full, lora] = memoryItems();
    expect(words(full)).toBe(`${expected[0].name}: ${expected[0].total} (this run) — ${expected[0].parts}`);
    expect(words(lora)).toBe(`${expected[1].name}: ${expected[1].total} — ${expected[1].parts}`);
    expect(words(lora)).toMatch(/^LoRA \(rank 8, alpha 16, q_proj, v_proj\): [\d.]+ GiB — weights 513 MiB \(frozen\), adapters with their gradients and Adam moments [\d.]+ MiB, /);
    expect(words(full)).toMatch(/weights 513 MiB, gradients 513 MiB, Adam moments 1\.0 GiB, training activations/);
    expect(words(document.querySelector('[data-testid=memory-needs] .note'))).toMatch(/estimated for batches of 16 rows of up to 512 tokens/);
    expect(words(document.querySelector('[data-testid=finetune-note]'))).toMatch(/fine-tunes every weight/);
    const mode = select('Fine-tuning') as HTMLSelectElement;
    mode.value = 'lora';
    mode.dispatchEvent(new Event('change', { bubbles: true }));
    expect(asked).toEqual([{ lora: true }]);
  });

  it('with LoRA chosen: rank and alpha in the form, its line marked, the note says the weights stay frozen', () => {
    const asked: Partial<DemoChoices>[] = [];
    form({ ...defaultChoices('webgpu'), checkpoint: 5, lora: true, loraRank: 4, loraAlpha: 8 }, asked);
    expect(select('LoRA rank')?.value).toBe('4');
    expect(select('LoRA alpha')?.value).toBe('8');
    const [full, lora] = memoryItems();
    expect(words(lora)).toMatch(/^LoRA \(rank 4, alpha 8, q_proj, v_proj\): [\d.]+ GiB \(this run\)/);
    expect(words(full)).not.toContain('(this run)');
    expect(words(memoryItems()[2])).toMatch(/^LoRA \(rank 4, alpha 8, q_proj, v_proj\), frozen weights f16: [\d.]+ GiB — weights 257 MiB \(frozen, f16\)/);
    expect(words(document.querySelector('[data-testid=finetune-note]'))).toMatch(/keeps them frozen: it trains LoRA adapters \(rank 4, alpha 8, on q_proj and v_proj\).*Export LoRA adapters/);
    const rank = select('LoRA rank') as HTMLInputElement;
    rank.value = '16';
    rank.dispatchEvent(new Event('change', { bubbles: true }));
    expect(asked).toEqual([{ loraRank: 16 }]);
  });

  it('keeping the frozen weights as f16: a box under LoRA, its line marked when ticked', () => {
    const asked: Partial<DemoChoices>[] = [];
    form({ ...defaultChoices('webgpu'), checkpoint: 5, lora: true, loraHalf: true }, asked);
    const box = document.querySelector('[data-testid=lora-half]') as HTMLInputElement;
    expect(box.checked).toBe(true);
    const [, lora, f16] = memoryItems();
    expect(words(f16)).toMatch(/frozen weights f16: [\d.]+ GiB \(this run\)/);
    expect(words(lora)).not.toContain('(this run)');
    box.checked = false;
    box.dispatchEvent(new Event('change', { bubbles: true }));
    expect(asked).toEqual([{ loraHalf: false }]);
  });
});

describe("Settings' checkpoint import", () => {
  it('names the model, its parameters and the memory of each mode, on import and in the list', async () => {
    await appDb.clearAll();
    const files = plantedLlamaFiles(19, [3, 4], { 'tokenizer.json': JSON.stringify(smallTokenizerJson()), 'tokenizer_config.json': JSON.stringify(TOKENIZER_CONFIG) });
    const picked = new DataTransfer();
    for (const f of files) picked.items.add(new File([await f.arrayBuffer()], f.name));
    mounted.push(mount(CheckpointPanel, { target: document.body }));
    const input = document.querySelector('[data-testid=checkpoint-files]') as HTMLInputElement;
    input.files = picked.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await expect.poll(() => document.querySelector('.ok')?.textContent ?? '', { timeout: 20_000 }).toContain('Imported model');
    expect(words(document.querySelector('.ok'))).toMatch(/^Imported model: [\d.]+ k parameters, 1 layer, width 16, 2 heads \(1 KV\), vocabulary 19, with its tokenizer\. Choose it under Model on the Demo page\.$/);
    const lines = memoryItems().map(words);
    expect(lines[0]).toMatch(/^Full fine-tuning: [\d.]+ [KM]iB — weights [\d.]+ KiB, gradients/);
    expect(lines[1]).toMatch(/^LoRA \(rank 8, alpha 16, q_proj, v_proj\): [\d.]+ [KM]iB — weights [\d.]+ KiB \(frozen\)/);
    expect(words(document.querySelector('[data-testid=memory-needs] .note'))).toMatch(/estimated for a Demo run: batches of 16 rows of up to 512 tokens/);
    await expect.poll(() => document.querySelectorAll('.list li').length).toBe(1);
    expect(words(document.querySelector('.list li span'))).toMatch(/^model: [\d.]+ k parameters, 1 layer, width 16 \([\d.]+ KiB\): a Demo run needs [\d.]+ [KM]iB of GPU memory with full fine-tuning, [\d.]+ [KM]iB with LoRA \(rank 8, alpha 16, q_proj, v_proj\), [\d.]+ [KM]iB with its frozen weights f16$/);
    await appDb.clearAll();
  });
});

// Trajectories → Export LoRA adapters: for a LoRA run the button saves its newest model's adapters as a zipped PEFT
// folder that imports back; for a run that fine-tunes every weight it is disabled and says why. A tiny model on the
// cpu backend (no GPU work).
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { unzipSync } from 'fflate';
import TransferPanel from '../../../src/ui/trajectories/TransferPanel.svelte';
import { Transfer } from '../../../src/ui/trajectories/transfer.svelte';
import { appDb } from '../../../src/ui/app-db.svelte';
import { createEngine, importPeft, type LoraConfig, type ModelConfig } from '../../../src/engine';
import { createRun, getRun, saveCheckpoint, type JsonObject, type RunRecord } from '../../../src/store';
import { DEFAULT_CONFIG } from '../../../src/tripost/config';
import { modelParts, packParts } from '../../../src/tripost/stored-weights';

const MODEL: ModelConfig = { vocabSize: 40, dim: 16, nLayers: 2, nHeads: 2, nKvHeads: 1, hiddenDim: 32, maxSeqLen: 64, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: true };
const LORA: LoraConfig = { rank: 2, alpha: 4, targets: ['q_proj', 'v_proj'] };

const mounted: Record<string, unknown>[] = [];
afterEach(async () => {
  for (const m of mounted.splice(0)) unmount(m);
  document.body.innerHTML = '';
  await appDb.clearAll();
});

const button = () => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Export LoRA adapters')!;

function panel(transfer: Transfer, runId: number, runs: RunRecord[]): void {
  mounted.push(mount(TransferPanel, { target: document.body, props: { transfer, filter: { runId }, runs, onimported: () => undefined } }));
  flushSync();
}

describe('Export LoRA adapters', () => {
  it("saves a LoRA run's adapters as a zipped PEFT folder; a full fine-tuning run has none to save", async () => {
    await appDb.clearAll();
    const db = await appDb.get();
    const engine = await createEngine({ backend: 'cpu', config: MODEL, seed: 3, lora: LORA });
    const params = await engine.readParams();
    for (const [name, t] of Object.entries(params)) if (name.endsWith('lora_B.weight')) t.fill(0.25); // trained: B ≠ 0
    const loraId = await createRun(db, 'lora run', { ...DEFAULT_CONFIG, initialCheckpoint: null, lora: LORA } as unknown as JsonObject);
    const fullId = await createRun(db, 'full run', DEFAULT_CONFIG as unknown as JsonObject);
    const { tensors, weights } = packParts(modelParts(MODEL, LORA, params));
    await saveCheckpoint(db, { runId: loraId, iteration: 1, label: 'tripost-1', modelConfig: MODEL as unknown as JsonObject, tensors, weights });
    const runs = [await getRun(db, loraId), await getRun(db, fullId)];

    // The download's bytes, caught as the page hands them to the browser.
    const saved: Blob[] = [];
    const createObjectURL = URL.createObjectURL;
    URL.createObjectURL = (b: Blob | MediaSource) => (saved.push(b as Blob), createObjectURL(b));
    try {
      const transfer = new Transfer();
      panel(transfer, loraId, runs);
      expect(button().disabled).toBe(false);
      button().click();
      await expect.poll(() => transfer.report).toEqual({ kind: 'export', file: `tripost-run-${loraId}-tripost-1-peft.zip` });
    } finally {
      URL.createObjectURL = createObjectURL;
    }
    const zip = unzipSync(new Uint8Array(await saved[0].arrayBuffer()));
    const folder = `tripost-run-${loraId}-tripost-1-peft`;
    expect(Object.keys(zip).sort()).toEqual([`${folder}/adapter_config.json`, `${folder}/adapter_model.safetensors`]);
    const files = Object.entries(zip).map(([name, bytes]) => ({ name, arrayBuffer: async () => bytes.slice().buffer as ArrayBuffer }));
    const imported = await importPeft(files, MODEL);
    expect(imported.lora).toEqual(LORA);
    for (const [name, t] of Object.entries(imported.adapters)) expect(Array.from(t), name).toEqual(Array.from(params[name]));

    for (const m of mounted.splice(0)) unmount(m);
    panel(new Transfer(), fullId, runs);
    expect(button().disabled).toBe(true);
    expect(button().title).toBe('This run fine-tunes every weight: it has no LoRA adapters (its weights are in the run bundle)');
  });
});

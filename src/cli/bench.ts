// `npm run bench [-- --quick] [-- --only lora,train]`: kernels, training and generation, ours against TensorFlow.js's
// WebGPU backend on the same device in the same process, LoRA against full fine-tuning at SmolLM2-135M's geometry, plus
// imports of SmolLM2-135M/360M, TinyLlama-1.1B and Llama-3.2-1B at full size (random weights), the store
// (fake-indexeddb in Node; store-chromium: Chromium's real IndexedDB). Progress goes to stderr; one JSON
// object is printed last.
// --quick (about four minutes on lavapipe): matmul at 256 and 1024 only, training at batch 8 with one step a round, LoRA
// at one step of 1 × 64 tokens, the import of SmolLM2-135M alone, the store at 20,000 trajectories. --only runs the
// named sections alone.
import { parseArgs } from 'node:util';
import { GpuRuntime } from '../gpu';
import { installDawn } from '../gpu/node-gpu';
import { benchMatmul } from '../../bench/matmul';
import { benchAttention } from '../../bench/attention';
import { benchTrain } from '../../bench/train';
import { benchGenerate } from '../../bench/generate';
import { benchLora } from '../../bench/lora';
import { benchImport, FULL_SIZE_MODELS, type FullSizeModel } from '../../bench/import';
import { benchStoreChromium } from '../../bench/store-chromium';
import { benchStore } from '../store/bench';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
const quick = values.quick ?? false;
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

async function section<T>(name: string, run: () => Promise<T>): Promise<T | { error: string }> {
  log(`${name}…`);
  const t0 = performance.now();
  try {
    const result = await run();
    log(`${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return result;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`${name} FAILED: ${message}`);
    return { error: message };
  }
}

installDawn();
const gpu = await GpuRuntime.create({ label: 'bench' });
const device = gpu.info.adapter;
log(`device: ${device.vendor} ${device.architecture} ${device.description}`);

const storeSizes = quick ? { total: 20_000, append: 2_000 } : {};
const SECTIONS: Record<string, () => Promise<unknown>> = {
  matmul: () => benchMatmul({ sizes: quick ? [256, 1024] : [256, 512, 1024, 2048], quick }),
  attention: () => benchAttention(quick ? [256] : [256, 1024]),
  train: () => benchTrain(gpu, { presets: ['nano', 'tiny'], batch: quick ? 8 : 16, quick }),
  lora: () => benchLora(gpu, quick ? { B: 1, T: 64, steps: 1, sliceLayers: 8, sliceVocab: 4096 } : { B: 2, T: 128, steps: 3, sliceLayers: 8, sliceVocab: 4096 }),
  import: () => benchImport(gpu, quick ? { models: ['SmolLM2-135M'], T: 32, newTokens: 4 } : { models: Object.keys(FULL_SIZE_MODELS) as FullSizeModel[], T: 64, newTokens: 8 }),
  generate: () => benchGenerate({ quick }),
  store: () => benchStore(storeSizes),
  'store-chromium': () => benchStoreChromium(storeSizes),
};
const only = values.only?.split(',') ?? Object.keys(SECTIONS);
const unknown = only.find((name) => !(name in SECTIONS));
if (unknown) {
  log(`--only: unknown section ${unknown}; choose among ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}
const result: Record<string, unknown> = { device, quick };
for (const name of only) result[name] = await section(name, SECTIONS[name]);
gpu.destroy();
const failed = Object.values(result).some((v) => typeof v === 'object' && v !== null && 'error' in v);
console.log(JSON.stringify(result, null, 2));
process.exit(failed ? 1 : 0);

// `npm run bench [-- --quick]`: kernels, training and generation, ours against TensorFlow.js's WebGPU backend on the
// same device in the same process, plus the store. Progress goes to stderr; one JSON object is printed last.
// --quick (under two minutes on lavapipe): matmul at 256 and 1024 only, training at batch 8 with one step a round.
import { parseArgs } from 'node:util';
import { GpuRuntime } from '../gpu';
import { installDawn } from '../gpu/node-gpu';
import { benchMatmul } from '../../bench/matmul';
import { benchAttention } from '../../bench/attention';
import { benchTrain } from '../../bench/train';
import { benchGenerate } from '../../bench/generate';
import { benchStore } from '../store/bench';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
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

const result = {
  device,
  quick,
  matmul: await section('matmul', () => benchMatmul({ sizes: quick ? [256, 1024] : [256, 512, 1024, 2048], quick })),
  attention: await section('attention', () => benchAttention(quick ? [256] : [256, 1024])),
  train: await section('train', () => benchTrain(gpu, { presets: ['nano', 'tiny'], batch: quick ? 8 : 16, quick })),
  generate: await section('generate', () => benchGenerate({ quick })),
  store: await section('store', () => benchStore(quick ? { total: 20_000, append: 2_000 } : {})),
};
gpu.destroy();
const failed = Object.values(result).some((v) => typeof v === 'object' && v !== null && 'error' in v);
console.log(JSON.stringify(result, null, 2));
process.exit(failed ? 1 : 0);

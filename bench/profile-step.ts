// Where a training step's time goes: every dispatch of one `tiny` step run alone and timed (wall clock after
// onSubmittedWorkDone), summed by label. A diagnostic for kernel work, not part of `npm run bench`.
// Run: node --import tsx --import ./scripts/raw-loader.mjs bench/profile-step.ts [preset] [batch]
import { createEngine, presetConfig, type PresetName } from '../src/engine';
import { GpuRuntime, recordPass, type Dispatch } from '../src/gpu';
import { installDawn } from '../src/gpu/node-gpu';
import type { WebGpuEngine } from '../src/engine/webgpu/engine';
import type { ShapePlan } from '../src/engine/webgpu/plan';
import { randomBatch } from '../test/helpers/batches';

installDawn();
const preset = (process.argv[2] ?? 'tiny') as PresetName;
const B = Number(process.argv[3] ?? 16);
const config = presetConfig(preset, 99);
const T = config.maxSeqLen;
const gpu = await GpuRuntime.create();
const engine = (await createEngine({ backend: 'webgpu', config, seed: 1, gpu })) as WebGpuEngine;
const batch = randomBatch(99, B, T, 1);
const h = { lr: 1e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.01, gradClip: 1 };
await engine.trainStep(batch, h);
const plan = await (engine as unknown as { plan(B: number, T: number): Promise<ShapePlan> }).plan(B, T);
const all: Dispatch[] = [...plan.forward, ...plan.lossPass, ...plan.backward];

async function time(d: Dispatch): Promise<number> {
  const enc = gpu.device.createCommandEncoder();
  recordPass(enc, d.label, [d]);
  const t0 = performance.now();
  gpu.device.queue.submit([enc.finish()]);
  await gpu.device.queue.onSubmittedWorkDone();
  return performance.now() - t0;
}
for (const d of all) await time(d); // warm
const byLabel = new Map<string, { ms: number; n: number }>();
let total = 0;
for (const d of all) {
  const ms = await time(d);
  total += ms;
  const key = d.label.replace(/\d+/g, '#');
  const e = byLabel.get(key) ?? { ms: 0, n: 0 };
  byLabel.set(key, { ms: e.ms + ms, n: e.n + 1 });
}
const rows = [...byLabel.entries()].sort((a, b) => b[1].ms - a[1].ms);
console.log(`${preset} B=${B} T=${T}: ${all.length} dispatches, ${total.toFixed(0)} ms`);
for (const [label, { ms, n }] of rows) console.log(`${ms.toFixed(1).padStart(9)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)}%  ×${n}  ${label}`);
engine.destroy();
gpu.destroy();
process.exit(0);

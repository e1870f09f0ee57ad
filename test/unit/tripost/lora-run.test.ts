// A TriPosT run that trains LoRA adapters on an imported checkpoint (cpu backend): its stored checkpoints hold the
// frozen base bit for bit and the trained adapters; a stage stopped or killed half-way resumes at its training
// checkpoint (base, adapters and the adapters' AdamW state) and ends bit-identical to a run never interrupted.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writePeftFolders } from '../../../src/cli/peft-folder';
import { createEngine, importPeft, type LoraConfig, type ModelConfig } from '../../../src/engine';
import { buildLoraTable } from '../../../src/engine/lora';
import { buildParamTable } from '../../../src/engine/params';
import { getRun, listCheckpoints, loadCheckpoint, loadTrainingCheckpoint, runErrorOf, type TriPostDb } from '../../../src/store';
import { createScriptedCritic } from '../../../src/tasks';
import { tokenizerFor } from '../../../src/tokenizers';
import type { RunConfig } from '../../../src/tripost/config';
import type { PipelineDeps } from '../../../src/tripost/context';
import { saveImportedCheckpoint } from '../../../src/tripost/imported-checkpoint';
import { runPeftExport } from '../../../src/tripost/peft-export';
import { createPipelineRun, runPipeline } from '../../../src/tripost/run';
import { storedTensors } from '../../../src/tripost/stored-weights';
import { roundToHalf } from '../../../src/engine/half';
import { dyingAtStep, lossSteps, runToEnd, stopRunAt } from '../../helpers/run-events';
import { runSnapshot } from '../../helpers/run-snapshot';
import { TINY_RUN } from '../../helpers/tiny-run';
import { freshDb } from '../store/fresh-db';

const EVERY = 2;
const LORA: LoraConfig = { rank: 2, alpha: 4, targets: ['q_proj', 'v_proj', 'down_proj'] };
const tokenizer = tokenizerFor(TINY_RUN.tokenizer);
// A small GQA model standing in for an imported Hugging Face one.
const ARCH: ModelConfig = { vocabSize: tokenizer.vocabSize, dim: 32, nLayers: 2, nHeads: 4, nKvHeads: 2, hiddenDim: 64, maxSeqLen: 256, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: true };

let imported: Record<string, Float32Array>;

/** A fresh store holding the "imported" model; the run config that starts from it with LoRA. */
async function storeWithModel(): Promise<{ db: TriPostDb; config: RunConfig }> {
  const db = await freshDb();
  const id = await saveImportedCheckpoint(db, { config: ARCH, params: imported, tokenizer: tokenizer.serialize() }, 'tiny-llama');
  return { db, config: { ...TINY_RUN, initialCheckpoint: id, lora: LORA } };
}

const cpuEngine: PipelineDeps['createEngine'] = (config, seed, lora) => createEngine({ backend: 'cpu', config, seed, lora });

function deps(db: TriPostDb, extra: Partial<PipelineDeps> = {}): PipelineDeps {
  return { db, critic: createScriptedCritic(), checkpointEvery: EVERY, createEngine: cpuEngine, ...extra };
}


let whole: Awaited<ReturnType<typeof runSnapshot>>;
let wholeSteps: string[];
let wholeDb: TriPostDb;
let wholeId: number;

beforeAll(async () => {
  const source = await createEngine({ backend: 'cpu', config: ARCH, seed: 9 });
  imported = await source.readParams();
  const { db, config } = await storeWithModel();
  const runId = await createPipelineRun({ db }, config);
  const events = await runToEnd(runId, deps(db));
  [wholeDb, wholeId, whole, wholeSteps] = [db, runId, await runSnapshot(db, runId), lossSteps(events)];
}, 30_000);

describe('a LoRA run from an imported checkpoint (cpu)', () => {
  it('is named for its adapters and trains in both training stages', async () => {
    expect((await getRun(wholeDb, wholeId)).name).toContain('LoRA r2');
    expect(wholeSteps.filter((s) => s.startsWith('finetune')).length).toBeGreaterThanOrEqual(4);
    expect(wholeSteps.filter((s) => s.startsWith('train')).length).toBeGreaterThanOrEqual(4);
  });

  it('stores the base untouched beside the trained adapters in every model checkpoint', async () => {
    const checkpoints = await listCheckpoints(wholeDb, wholeId);
    expect(checkpoints.map((c) => c.label)).toEqual(['ft-rationale', 'tripost-1']);
    const adapterNames = buildLoraTable({ ...ARCH, maxSeqLen: TINY_RUN.contextLength }, LORA).entries.map((e) => e.name);
    for (const c of checkpoints) {
      const stored = storedTensors(c.tensors, (await loadCheckpoint(wholeDb, c.id)).weights);
      expect(Object.keys(stored).sort()).toEqual([...buildParamTable(ARCH).entries.map((e) => e.name), ...adapterNames].sort());
      for (const e of buildParamTable(ARCH).entries) expect(stored[e.name], e.name).toEqual(imported[e.name]);
      // B starts at zero: a trained adapter has moved it.
      const b = stored['model.layers.1.mlp.down_proj.lora_B.weight'];
      expect(b.some((x) => x !== 0)).toBe(true);
    }
  });

  it('exports the adapters of its newest model as a PEFT folder that imports back, naming the model it adapted', async () => {
    const { files, label } = await runPeftExport(wholeDb, wholeId);
    expect(label).toBe('tripost-1');
    const config = JSON.parse(new TextDecoder().decode(files.find((f) => f.name === 'adapter_config.json')!.bytes));
    expect(config).toMatchObject({ peft_type: 'LORA', r: 2, lora_alpha: 4, target_modules: ['q_proj', 'v_proj', 'down_proj'], base_model_name_or_path: 'tiny-llama' });
    const blobs = files.map((f) => ({ name: f.name, arrayBuffer: async () => f.bytes.slice().buffer as ArrayBuffer }));
    const { lora, adapters } = await importPeft(blobs, ARCH);
    expect(lora).toEqual(LORA);
    const newest = (await listCheckpoints(wholeDb, wholeId)).at(-1)!;
    const stored = storedTensors(newest.tensors, (await loadCheckpoint(wholeDb, newest.id)).weights);
    for (const [name, t] of Object.entries(adapters)) expect(t, name).toEqual(stored[name]);
  });

  it('the CLI writes the folder (--export-peft); a run without adapters gets a note saying so', async () => {
    const full = await createPipelineRun({ db: wholeDb }, TINY_RUN);
    const out = mkdtempSync(join(tmpdir(), 'peft-'));
    try {
      const notes = await writePeftFolders(wholeDb, { tripost: wholeId, 'ft-rationale': full }, 'tripost', out);
      expect(notes).toEqual([
        `tripost: wrote the LoRA adapters of tripost-1 as a PEFT folder to ${out}`,
        `ft-rationale: no PEFT folder (Run #${full} fine-tunes every weight, so it has no LoRA adapters to export; its weights are in the run bundle)`,
      ]);
      expect(readdirSync(out).sort()).toEqual(['adapter_config.json', 'adapter_model.safetensors']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('Stop in the middle of train keeps a checkpoint of the adapters and their moments; the resumed run ends bit-identical', async () => {
    const { db, config } = await storeWithModel();
    const runId = await createPipelineRun({ db }, config);
    const first = await stopRunAt(runId, deps(db), (e) => e.type === 'loss' && e.stage === 'train' && e.step === 3);
    const saved = await loadTrainingCheckpoint(db, runId);
    expect(saved?.record.training).toMatchObject({ stage: 'train', step: 3 });
    const names = saved!.record.tensors.map((t) => t.name);
    expect(names).toContain('adam.m.model.layers.0.self_attn.q_proj.lora_A.weight');
    expect(names.some((n) => n.startsWith('adam.') && !n.includes('lora_'))).toBe(false); // the frozen base has no moments

    const second = await runToEnd(runId, deps(db));
    expect([...lossSteps(first), ...lossSteps(second)]).toEqual(wholeSteps);
    expect(await runSnapshot(db, runId)).toEqual(whole);
  }, 30_000);

  it('a crash in the middle of finetune loses only the steps since the last checkpoint, and the result is the same', async () => {
    const { db, config } = await storeWithModel();
    const runId = await createPipelineRun({ db }, config);
    await expect(runPipeline(runId, deps(db, { createEngine: dyingAtStep(cpuEngine, 4) }))).rejects.toThrow('killed');
    expect((await loadTrainingCheckpoint(db, runId))?.record.training).toMatchObject({ stage: 'finetune', step: EVERY });
    const second = await runToEnd(runId, deps(db));
    expect(lossSteps(second)).toEqual(wholeSteps.slice(EVERY));
    expect(await runSnapshot(db, runId)).toEqual(whole);
  }, 30_000);

  it('an engine factory that leaves the adapters out is refused before any stage, as the run error', async () => {
    const { db, config } = await storeWithModel();
    const runId = await createPipelineRun({ db }, config);
    const plain: PipelineDeps['createEngine'] = (model, seed) => createEngine({ backend: 'cpu', config: model, seed });
    await expect(runPipeline(runId, deps(db, { createEngine: plain }))).rejects.toThrow(/built without LoRA, but the run asks for LoRA/);
    expect(runErrorOf((await getRun(db, runId)).error ?? null)).toMatchObject({ stage: null });
  });

  it('halfBase: the engine keeps the frozen base as f16, checkpoints store what it computes with; a factory that ignores it is refused', async () => {
    const { db, config } = await storeWithModel();
    const half = { ...config, halfBase: true, iterations: 0 };
    const runId = await createPipelineRun({ db }, half);
    const withHalf: PipelineDeps['createEngine'] = (model, seed, lora, halfBase) => createEngine({ backend: 'cpu', config: model, seed, lora, halfBase });
    await runToEnd(runId, deps(db, { createEngine: withHalf }));
    const [c] = await listCheckpoints(db, runId);
    const stored = storedTensors(c.tensors, (await loadCheckpoint(db, c.id)).weights);
    expect(stored['model.layers.0.mlp.gate_proj.weight']).toEqual(roundToHalf(imported['model.layers.0.mlp.gate_proj.weight'].slice()));
    expect(stored['model.norm.weight']).toEqual(imported['model.norm.weight']);
    const ignoring = await createPipelineRun({ db }, half);
    await expect(runPipeline(ignoring, deps(db))).rejects.toThrow('The engine keeps its frozen base as f32, but the run asks for f16');
    await expect(createPipelineRun({ db }, { ...TINY_RUN, halfBase: true })).rejects.toThrow(/halfBase keeps a frozen base as f16, so it needs LoRA adapters/);
  });

  it('LoRA on a seeded preset is refused: there is nothing trained to adapt', async () => {
    const db = await freshDb();
    const runId = await createPipelineRun({ db }, { ...TINY_RUN, lora: LORA });
    await expect(runPipeline(runId, deps(db))).rejects.toThrow(/needs a trained model to start from/);
  });

  it('a run config with bad LoRA values is refused when the run is created', async () => {
    const db = await freshDb();
    await expect(createPipelineRun({ db }, { ...TINY_RUN, lora: { ...LORA, rank: 0 } })).rejects.toThrow('Run config: LoRA: rank must be a positive integer (got 0)');
  });
});

// `npm run experiment -- --init-hf DIR`: the flag's checks of a Hugging Face model folder, and one short run on cpu from
// a tiny random Llama with the real Llama-2 tokenizer.json whose planted path writes a known answer: the answer in the
// trajectories (exported with --export-authors) is that path, so the run used the folder's weights and tokenizer; the
// same with LoRA adapters (--lora-rank), written as a PEFT folder (--export-peft).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExperimentArgs, UsageError, type ExperimentOptions } from '../../../src/cli/experiment-args';
import { decodeSafetensors } from '../../../src/engine/safetensors';
import { attemptPrompt } from '../../../src/tasks';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/tripost/config';
import { runProblems } from '../../../src/tripost/context';
import { writeTinyHfCheckpoint } from '../../helpers/hf-checkpoint-files';
import { plantedLlamaFiles } from '../../helpers/planted-llama';
import { realTokenizer, realTokenizerFiles } from '../../helpers/real-tokenizers';

const scratch = mkdtempSync(join(tmpdir(), 'init-hf-'));
const folders: string[] = [scratch];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A folder as Hugging Face ships one (config.json, model.safetensors, tokenizer.json, tokenizer_config.json). */
function tinyFolder(): string {
  const dir = dirname(writeTinyHfCheckpoint()[0]);
  folders.push(dir);
  return dir;
}

function refusal(argv: string[], readConfig?: (path: string) => RunConfig): string {
  try {
    parseExperimentArgs(argv, {}, readConfig);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
}

describe('--init-hf flag', () => {
  it('takes a model folder; the folder replaces the warm start, even a Demo\'s', () => {
    const dir = tinyFolder();
    const o = parseExperimentArgs(['--init-hf', dir, '--task', 'ws', '--export-authors', 'out'], {}) as ExperimentOptions;
    expect(o).toMatchObject({ initHf: dir, exportAuthors: 'out', config: { task: 'ws', warmStart: false, initialCheckpoint: null } });
    const demo = parseExperimentArgs(['--demo', 'quick', '--init-hf', dir], {}) as ExperimentOptions;
    expect(demo.config.warmStart).toBe(false);
    expect((parseExperimentArgs(['--task', 'ws'], {}) as ExperimentOptions).initHf).toBeUndefined();
  });

  it('refuses a missing or malformed folder, naming what is wrong', () => {
    expect(refusal(['--init-hf', join(scratch, 'nope')])).toMatch(/^--init-hf .*nope: no such folder \(a Hugging Face model folder holds config\.json, model\.safetensors/);
    const file = join(scratch, 'file.json');
    writeFileSync(file, '{}');
    expect(refusal(['--init-hf', file])).toMatch(/file\.json: is a file, not a folder/);
    const without = (name: string) => {
      const dir = tinyFolder();
      rmSync(join(dir, name));
      return refusal(['--init-hf', dir]);
    };
    expect(without('config.json')).toMatch(/: config\.json is missing/);
    expect(without('tokenizer.json')).toMatch(/: tokenizer\.json is missing/);
    expect(without('model.safetensors')).toMatch(/: neither model\.safetensors nor model\.safetensors\.index\.json is there/);
    const broken = tinyFolder();
    writeFileSync(join(broken, 'config.json'), '{"model_type": "llama",');
    expect(refusal(['--init-hf', broken])).toMatch(/: config\.json is not valid JSON/);
    const mistral = tinyFolder();
    writeFileSync(join(mistral, 'config.json'), JSON.stringify({ model_type: 'mistral', architectures: ['MistralForCausalLM'] }));
    expect(refusal(['--init-hf', mistral])).toMatch(/: Import: architecture MistralForCausalLM .* is not supported/);
  });

  it('refuses a preset, a tokenizer or a warm start named beside it', () => {
    const dir = tinyFolder();
    expect(refusal(['--init-hf', dir, '--preset', 'nano'])).toBe('--preset cannot be used with --init-hf: the model and its tokenizer come from the folder');
    expect(refusal(['--tokenizer', 'char', '--init-hf', dir])).toMatch(/^--tokenizer cannot be used with --init-hf/);
    expect(refusal(['--init-hf', dir, '--warm-start', 'yes'])).toMatch(/^--warm-start cannot be used with --init-hf/);
    expect((parseExperimentArgs(['--init-hf', dir, '--warm-start', 'no'], {}) as ExperimentOptions).config.warmStart).toBe(false);
  });

  it('a resumed run from a folder needs the folder again; one from a preset refuses it', () => {
    const dir = tinyFolder();
    const fromFolder = () => ({ ...DEFAULT_CONFIG, initialCheckpoint: 1 });
    expect(refusal(['--resume', 'run.zip'], fromFolder)).toBe('--resume run.zip: this run started from a Hugging Face model folder; give it again with --init-hf DIR');
    const resumed = parseExperimentArgs(['--resume', 'run.zip', '--init-hf', dir], {}, fromFolder) as ExperimentOptions;
    expect(resumed).toMatchObject({ initHf: dir, resume: 'run.zip', config: { initialCheckpoint: 1 } });
    expect(refusal(['--resume', 'run.zip', '--init-hf', dir], () => DEFAULT_CONFIG)).toMatch(/that run did not start from a Hugging Face model folder/);
  });
});

function experiment(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const node = ['--import', 'tsx', '--import', './scripts/raw-loader.mjs', 'src/cli/experiment.ts', ...args];
  return new Promise((resolve) => {
    execFile(process.execPath, node, { cwd: process.cwd(), env: { ...process.env, OPENAI_API_KEY: '' } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const ANSWER = '(Final response) So the answer is apple pear ?';
// One problem of each kind, one row a batch, small steps that leave the planted path in place (as test/gpu/tripost-llama3).
const RUN: RunConfig = {
  ...DEFAULT_CONFIG, task: 'ws', level: 'easy', contextLength: 256, trainProblems: 1, goldProblems: 1, evalProblems: 1,
  iterations: 1, epochs: 1, sftEpochs: 1, batchSize: 1, generateBatch: 2, minTrainExamples: 1, lr: 1e-4, sftLr: 1e-4, seed: 3,
};
const FLAGS = ['--task', 'ws', '--level', 'easy', '--context-length', '256', '--train-problems', '1', '--gold-problems', '1', '--eval-problems', '1', '--iterations', '1',
  '--epochs', '1', '--sft-epochs', '1', '--batch-size', '1', '--generate-batch', '2', '--min-train-examples', '1', '--lr', '1e-4', '--sft-lr', '1e-4', '--seed', '3', '--backend', 'cpu'];

/**
 * The planted Llama with the Llama-2 tokenizer (32k tokens: a quarter of Llama-3's head to compute on cpu) written to a
 * folder: from the newline byte every prompt ends with, it writes ANSWER and then EOS, which ends the row.
 */
async function plantedFolder(): Promise<string> {
  const tok = realTokenizer('llama2');
  const problems = runProblems(RUN);
  const ends = new Set([...problems.train, ...problems.evalSeen, ...problems.evalUnseen].map((p) => tok.encode(attemptPrompt(p.prompt)).at(-1)!));
  expect(ends.size).toBe(1);
  const [end] = ends;
  // Encoded after a newline, as the model continues the prompt: no SentencePiece space before "(Final".
  const continued = Array.from(tok.encode(`\n${ANSWER}`));
  const path = [end, ...continued.slice(continued.indexOf(end) + 1), tok.eos];
  expect(tok.decode(path.slice(1))).toBe(ANSWER);
  const dir = mkdtempSync(join(scratch, 'planted-'));
  for (const f of plantedLlamaFiles(tok.vocabSize, path, realTokenizerFiles('llama2'))) writeFileSync(join(dir, f.name), new Uint8Array(await f.arrayBuffer()));
  return dir;
}

describe('npm run experiment -- --init-hf DIR', () => {
  it("runs TriPosT from the folder's model and tokenizer on cpu, and exports the run in the authors' format", async () => {
    const dir = await plantedFolder();
    const out = join(scratch, 'authors');
    const { code, stdout, stderr } = await experiment(['--init-hf', dir, ...FLAGS, '--json', '--export-authors', out]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(report).toMatchObject({ initHf: dir, config: { task: 'ws', warmStart: false, initialCheckpoint: expect.any(Number) } });
    expect(report.iterations.map((it: { t: number }) => it.t)).toEqual([0, 1]);
    expect(stderr).toContain(`tripost: wrote 4 files in the authors' format to ${out}`);
    // The model wrote its planted answer after the prompt: the folder's weights, read with the folder's tokenizer.
    const [log] = readFileSync(join(out, 'editor_log_itr0_i0.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.original).toMatch(new RegExp(`\\nAnswer: Let's think step by step\\.[^\\n]*\\n${ANSWER.replace(/[().?]/g, '\\$&')}$`));
    const train = readFileSync(join(out, 'word_sorting_self_improve_itr0.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(train.length).toBeGreaterThan(0);
    for (const line of train) expect(Object.keys(line).sort()).toEqual(['meta_data', 'text', 'text_att_start_text']);
  }, 240_000);

  it('with --lora-rank trains LoRA adapters beside the frozen model, and --export-peft writes them as a PEFT folder', async () => {
    const dir = await plantedFolder();
    const out = join(scratch, 'peft');
    const { code, stdout, stderr } = await experiment(['--init-hf', dir, ...FLAGS, '--lora-rank', '2', '--lora-alpha', '4', '--json', '--export-peft', out]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(report.config.lora).toEqual({ rank: 2, alpha: 4, targets: ['q_proj', 'v_proj'] });
    expect(stderr).toContain(`tripost: wrote the LoRA adapters of tripost-1 as a PEFT folder to ${out}`);
    const config = JSON.parse(readFileSync(join(out, 'adapter_config.json'), 'utf8'));
    expect(config).toMatchObject({ peft_type: 'LORA', r: 2, lora_alpha: 4, target_modules: ['q_proj', 'v_proj'], base_model_name_or_path: basename(dir) });
    // Trained: B starts at zero and has moved.
    const { tensors } = decodeSafetensors(new Uint8Array(readFileSync(join(out, 'adapter_model.safetensors'))));
    const bs = tensors.filter((t) => t.name.endsWith('lora_B.weight'));
    expect(bs.map((t) => t.name)).toContain('base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight');
    expect(bs.some((t) => t.data.some((x) => x !== 0))).toBe(true);
  }, 240_000);

  it('exits 2 naming the folder when what it holds cannot be imported', async () => {
    const dir = tinyFolder();
    writeFileSync(join(dir, 'model.safetensors'), readFileSync(join(dir, 'model.safetensors')).subarray(0, 200));
    const { code, stderr } = await experiment(['--init-hf', dir, ...FLAGS]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^error: --init-hf ${dir}: Import: model\\.safetensors: `, 'm'));
  }, 120_000);
});

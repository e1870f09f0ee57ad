// npm run warmstart's job: built in pieces it ends where an uninterrupted build ends (bit-exact on the CPU backend),
// its state refuses another build's flags, and the finished build writes the checkpoint and its manifest entry.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCheckpoint, type ModelConfig } from '../../../src/engine';
import { deserializeTokenizer } from '../../../src/engine/tokenizer';
import { buildWarmStart, type WarmStartJob, type WarmStartLog } from '../../../src/cli/warmstart-job';
import { DEFAULT_WARM_START, injectedImprovement, ownAttemptExample, warmStartBatch, warmStartBatchWithOwn } from '../../../src/tripost/warmstart';
import type { Engine } from '../../../src/engine';
import { attemptPrompt, injectError } from '../../../src/tasks';
import { generateProblem, mulberry32, parseFeedback, scriptedFeedback, splitTrajectory as splitText } from '../../../src/tasks';
import { tokenizerFor } from '../../../src/tokenizers';
import type { WarmStartManifest } from '../../../src/tripost/warmstart-manifest';

const model = (vocabSize: number): ModelConfig => ({ vocabSize, dim: 16, nLayers: 1, nHeads: 2, nKvHeads: 2, hiddenDim: 24, maxSeqLen: 384, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: true });

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function job(over: Partial<WarmStartJob> = {}): Promise<WarmStartJob> {
  const dir = await mkdtemp(join(tmpdir(), 'warmstart-'));
  dirs.push(dir);
  return {
    settings: { ...DEFAULT_WARM_START, task: 'msa', level: 'easy', steps: 6, batchSize: 2 },
    preset: 'nano', tokenizer: 'task', seed: 3, backend: 'cpu', minutes: Infinity, evalEvery: 1000, saveEvery: 2,
    evalProblems: 2, stateDir: join(dir, 'state'), outDir: join(dir, 'out'), modelOf: model, ...over,
  };
}

const quiet = () => undefined;

describe('npm run warmstart', () => {
  it('built in pieces, ends bit-exact where an uninterrupted build ends, and writes the checkpoint and manifest', async () => {
    const whole = await job();
    const a = await buildWarmStart(whole, quiet);
    const pieces = await job();
    const lines: string[] = [];
    expect(await buildWarmStart({ ...pieces, untilStep: 2 }, (l) => lines.push(l))).toEqual({ step: 2, of: 6, resumable: true });
    expect(await buildWarmStart({ ...pieces, untilStep: 5 }, (l) => lines.push(l))).toEqual({ step: 5, of: 6, resumable: true });
    const b = await buildWarmStart(pieces, (l) => lines.push(l));
    expect(lines.some((l) => l.startsWith('resuming msa-easy at step 5 of 6'))).toBe(true);

    const weights = async (j: WarmStartJob) => loadCheckpoint(new Uint8Array(await readFile(join(j.outDir, 'msa-easy.safetensors'))));
    const [wa, wb] = [await weights(whole), await weights(pieces)];
    for (const [name, t] of Object.entries(wa.params)) expect(Buffer.from(wb.params[name].buffer).equals(Buffer.from(t.buffer)), name).toBe(true);
    expect(wa.training).toBeUndefined(); // the shipped file holds weights only
    expect(deserializeTokenizer(wa.tokenizer!).encode(' calculate').length).toBe(1);

    const manifest = JSON.parse(await readFile(join(pieces.outDir, 'manifest.json'), 'utf8')) as WarmStartManifest;
    expect(manifest.checkpoints.map((c) => c.name)).toEqual(['msa-easy']);
    const { wallSeconds: _wa, curve: _ca, ...restA } = a as Record<string, unknown>;
    const { wallSeconds: _wb, curve: _cb, ...restB } = b as Record<string, unknown>;
    expect(restB).toEqual(restA);
    expect(manifest.checkpoints[0]).toMatchObject({ task: 'msa', level: 'easy', preset: 'nano', tokenizer: 'task', steps: 6, batchSize: 2, initSeed: 3, evalProblems: 2 });
    expect(manifest.checkpoints[0].command).toContain('--task msa --level easy --preset nano --tokenizer task --steps 6');
    const log = JSON.parse(await readFile(join(pieces.stateDir, 'msa-easy.json'), 'utf8')) as WarmStartLog;
    expect(log.curve.map((p) => p.step)).toEqual([2, 4, 5, 6]);
    // Seconds only grow, piece after piece (each piece adds its own time once).
    for (let i = 1; i < log.curve.length; i++) expect(log.curve[i].seconds).toBeGreaterThanOrEqual(log.curve[i - 1].seconds);
    expect(log.seconds).toBeGreaterThanOrEqual(log.curve[log.curve.length - 1].seconds - 1);
  }, 60_000);

  it("refuses to resume another build's state, and a budget already passed; a new budget is taken with a note", async () => {
    const j = await job();
    await buildWarmStart({ ...j, untilStep: 4 }, quiet);
    await expect(buildWarmStart({ ...j, settings: { ...j.settings, lr: 1e-3 } }, quiet)).rejects.toThrow(/belongs to another build/);
    await expect(buildWarmStart({ ...j, settings: { ...j.settings, steps: 3 } }, quiet)).rejects.toThrow(/already at step 4, past --steps 3/);
    await expect(buildWarmStart({ ...j, settings: { ...j.settings, ownFrom: 2, ownShare: 0.5 } }, quiet)).rejects.toThrow(/at step 4: own-attempt rows from step never cannot change/);
    await expect(buildWarmStart({ ...j, settings: { ...j.settings, improveFrom: 3, improveShare: 0.5 } }, quiet)).rejects.toThrow(/at step 4: self-improvement demonstrations from step never cannot change/);
    const lines: string[] = [];
    await buildWarmStart({ ...j, settings: { ...j.settings, steps: 8 }, untilStep: 6 }, (l) => lines.push(l));
    expect(lines[0]).toMatch(/budget changes from 6 to 8 steps/);
  }, 60_000);

  it('adds the "correct" feedback to gold rationales from --feedback-from on, set later only for steps not yet trained', async () => {
    const tok = tokenizerFor('task');
    const settings = { ...DEFAULT_WARM_START, task: 'msa' as const, level: 'easy' as const, steps: 6, batchSize: 2, feedbackFrom: 3 };
    const text = (step: number) => tok.decode(warmStartBatch(tok, settings, step).tokens);
    expect(text(2)).not.toContain('Feedback:');
    expect(text(3)).toMatch(/The final response is also correct\./);

    const j = await job();
    await buildWarmStart({ ...j, untilStep: 4 }, quiet);
    await expect(buildWarmStart({ ...j, settings: { ...j.settings, feedbackFrom: 2 } }, quiet)).rejects.toThrow(/at step 4: feedback from step never cannot become 2/);
    const entry = await buildWarmStart({ ...j, settings: { ...j.settings, feedbackFrom: 5 } }, quiet);
    expect(entry).toMatchObject({ feedbackFrom: 5 });
    expect((entry as { command: string }).command).toContain('--feedback-from 5');
    await expect(buildWarmStart({ ...j, settings: { ...j.settings, steps: 8, feedbackFrom: 7 } }, quiet)).rejects.toThrow(/feedback from step 5 cannot become 7/);
  }, 60_000);

  it('mixes in self-improvement demonstrations from --improve-from: injected mistake unweighted, feedback and improvement learned', async () => {
    for (const task of ['msa', 'ws'] as const) {
      const problem = generateProblem(task, 'seen', 1, 5, 'quick');
      const ex = injectedImprovement(problem, mulberry32(3))!;
      const parts = splitText(ex.text)!;
      // The first attempt is wrong where the critic says, the update is right, and weights start at the feedback.
      expect(parts.turns).toHaveLength(2);
      expect(parseFeedback(parts.turns[0].feedback!)!.kind).toBe('error');
      expect(scriptedFeedback(problem, parts.turns[0].attempt).kind).toBe('error');
      expect(scriptedFeedback(problem, parts.turns[1].attempt).kind).toBe('correct');
      expect(ex.text.slice(ex.weightFrom!).startsWith('Feedback:')).toBe(true);
    }

    const tok = tokenizerFor('task');
    const settings = { ...DEFAULT_WARM_START, task: 'ws' as const, level: 'quick' as const, steps: 6, batchSize: 8, feedbackFrom: 0, improveFrom: 3, improveShare: 0.5 };
    const rows = (step: number) => {
      const b = warmStartBatch(tok, settings, step);
      const T = b.seqLen;
      return Array.from({ length: b.batchSize }, (_, r) => ({ text: tok.decode(b.tokens.subarray(r * T, (r + 1) * T)), weights: b.weights.subarray(r * T, (r + 1) * T) }));
    };
    expect(rows(2).some((r) => r.text.includes('Updated Answer:'))).toBe(false);
    const later = [3, 4, 5].flatMap(rows);
    const demos = later.filter((r) => r.text.includes('Updated Answer:'));
    expect(demos.length).toBeGreaterThan(later.length / 4);
    expect(demos.length).toBeLessThan((later.length * 3) / 4);
    // A demonstration's prompt and wrong attempt weigh 0, its feedback on weighs 1; a gold row weighs 1 throughout.
    for (const r of demos) expect(Array.from(r.weights).filter((w) => w === 0).length).toBeGreaterThan(10);
    for (const r of demos) expect(Array.from(r.weights).some((w) => w === 1)).toBe(true);
  });

  it("turns the model's own attempts into rows from --own-from: a right one with its verdict, a wrong one with feedback and improvement", async () => {
    const problem = generateProblem('msa', 'seen', 1, 7, 'quick');
    const right = ownAttemptExample(problem, problem.rationale)!;
    expect(right.kind).toBe('correct');
    expect(right.text.endsWith('The final response is also correct.')).toBe(true);
    const wrong = ownAttemptExample(problem, injectError(problem, mulberry32(5)).attempt)!;
    expect(wrong.kind).toBe('improvement');
    const turns = splitText(wrong.text)!.turns;
    expect(scriptedFeedback(problem, turns[0].attempt).kind).toBe('error');
    expect(scriptedFeedback(problem, turns[1].attempt).kind).toBe('correct');

    // The model answers half of the step's problems right and half with one injected mistake (a stand-in engine that
    // writes those texts): own rows are a right attempt with its verdict or a wrong one (weight 0) with feedback and
    // improvement; gold rows keep their steps (weight 1) but not their "correct" verdict.
    const tok = tokenizerFor('task');
    const settings = { ...DEFAULT_WARM_START, task: 'msa' as const, level: 'easy' as const, steps: 6, batchSize: 8, feedbackFrom: 0, ownFrom: 3, ownShare: 0.5 };
    const answers = new Map<string, string>();
    for (let i = 0; i < 6 * 8; i++) {
      const p = generateProblem('msa', 'seen', settings.dataSeed, i, 'easy');
      answers.set(attemptPrompt(p.prompt), i % 2 ? injectError(p, mulberry32(i)).attempt : p.rationale);
    }
    const engine = {
      generate: async (prompts: Int32Array[]) => ({
        tokens: prompts.map((p) => Int32Array.from([...tok.encode(answers.get(tok.decode(p))!), tok.eos])),
        finish: prompts.map(() => 'stop' as const),
      }),
    } as unknown as Engine;
    const b = await warmStartBatchWithOwn(engine, tok, settings, 3);
    const T = b.seqLen;
    const rows = Array.from({ length: b.batchSize }, (_, r) => ({ text: tok.decode(b.tokens.subarray(r * T, (r + 1) * T)), weights: Array.from(b.weights.subarray(r * T, (r + 1) * T)) }));
    const trained = (r: (typeof rows)[number]) => r.weights.filter((w) => w > 0).length;
    const tokensBefore = (r: (typeof rows)[number], mark: string) => tok.encode(r.text.slice(0, r.text.indexOf(mark))).length;
    const improvements = rows.filter((r) => r.text.includes('Updated Answer:'));
    const verdicts = rows.filter((r) => r.text.includes('The final response is also correct.'));
    expect(improvements.length).toBeGreaterThan(0);
    expect(improvements.length + verdicts.length).toBe(8);
    // An improvement row learns only from its feedback on.
    for (const r of improvements) expect(trained(r)).toBeLessThan(T - tokensBefore(r, 'Feedback:') + 2);
    // Own right attempts learn their verdict too; gold rows stop learning at "Feedback".
    const ownRight = verdicts.filter((r) => trained(r) > tokensBefore(r, 'Feedback:') + 2);
    const gold = verdicts.filter((r) => trained(r) <= tokensBefore(r, 'Feedback:') + 2);
    expect(ownRight.length).toBeGreaterThan(0);
    expect(gold.length).toBeGreaterThan(0);
    for (const r of gold) expect(trained(r)).toBeGreaterThan(20);
    // Before --own-from the batch is the plain one.
    expect(tok.decode((await warmStartBatchWithOwn(engine, tok, settings, 2)).tokens)).toBe(tok.decode(warmStartBatch(tok, settings, 2).tokens));

    // Rebalanced from step 3 keeping no "correct" verdict: the same rows, the right own attempts trained up to their
    // feedback like gold rows, the improvement rows unchanged; keeping all of them is the unbalanced batch.
    const balanced = await warmStartBatchWithOwn(engine, tok, { ...settings, ownBalanceFrom: 3, ownKeepCorrect: 0 }, 3);
    expect(tok.decode(balanced.tokens)).toBe(tok.decode(b.tokens));
    const balancedRows = rows.map((r, i) => ({ ...r, weights: Array.from(balanced.weights.subarray(i * T, (i + 1) * T)) }));
    for (const r of balancedRows) {
      if (r.text.includes('Updated Answer:')) expect(r.weights).toEqual(rows[balancedRows.indexOf(r)].weights);
      else expect(trained(r)).toBeLessThanOrEqual(tokensBefore(r, 'Feedback:') + 2);
    }
    const keepAll = await warmStartBatchWithOwn(engine, tok, { ...settings, ownBalanceFrom: 3, ownKeepCorrect: 1 }, 3);
    expect(Array.from(keepAll.weights)).toEqual(Array.from(b.weights));
  });
});

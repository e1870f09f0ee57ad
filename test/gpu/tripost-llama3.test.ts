// A whole TriPosT run from an imported Llama with the real Llama-3 tokenizer.json (byte-level BPE, no pad token,
// ".\n" and " ?\n" single tokens) on the GPU. The model is random but for a planted path (test/helpers/planted-llama.ts):
// it writes "(Final response) So the answer is apple pear ?\nQ:" and goes round again, never EOS, so only a stop matched
// on decoded text ends its rows ("\nQ:"'s own ids never appear), padding needs a valid id, answers parse from raw text.
// Cost: 4 training steps of (128, 128256) logits dominate, ~1.3 s each on lavapipe (the lm_head's 16-wide gradients
// run on the matmul's narrow strips; 3 s each before them); the test took 20 s with a CPU hog on both cores (43 s before).
import { describe, expect, it } from 'vitest';
import { buildParamTable, createEngine, importHfLlama, type Batch, type FinishReason } from '../../src/engine';
import { answersOf, getRun, latestTrajectories, listEvals, listExamples, saveCheckpoint, type JsonObject } from '../../src/store';
import { attemptPrompt, createScriptedCritic, extractAnswer } from '../../src/tasks';
import { DEFAULT_CONFIG, type RunConfig } from '../../src/tripost/config';
import { runProblems } from '../../src/tripost/context';
import { createPipelineRun, runPipeline } from '../../src/tripost/run';
import { plantedLlamaFiles } from '../helpers/planted-llama';
import { realTokenizer, realTokenizerFiles } from '../helpers/real-tokenizers';
import { freshDb } from '../unit/store/fresh-db';

const ANSWER = '(Final response) So the answer is apple pear ?';
const W = 1.5;

const RUN: RunConfig = {
  ...DEFAULT_CONFIG, task: 'ws', level: 'easy', contextLength: 256, trainProblems: 1, goldProblems: 1, evalProblems: 1,
  // One row a batch: its (T, 128256) logits must fit lavapipe's 128 MiB binding.
  iterations: 1, epochs: 1, sftEpochs: 1, batchSize: 1, generateBatch: 2, minTrainExamples: 1, w: W, attemptWeight: 1,
  // Small steps: training must not wash out the planted path.
  lr: 1e-4, sftLr: 1e-4, seed: 3,
};

describe('TriPosT from a Llama with the Llama-3 tokenizer (webgpu)', () => {
  it('stops fire on decoded text, weights land on the tokens from `Feedback:` on, answers parse', async () => {
    const tok = realTokenizer('llama3');
    const problems = runProblems(RUN);
    const ends = new Set([...problems.train, ...problems.evalSeen, ...problems.evalUnseen].map((p) => tok.encode(attemptPrompt(p.prompt)).at(-1)!));
    expect(ends.size).toBe(1);
    const path = [...ends, ...tok.encode(`${ANSWER}\nQ:`)];
    // Llama-3 writes " ?\n" as one token: the ids of "\nQ:" are not in what the model writes.
    expect(tok.decode(path.slice(-3, -2))).toBe(' ?\n');
    expect(path.join()).not.toContain(Array.from(tok.encode('\nQ:')).join());

    const db = await freshDb();
    const ck = await importHfLlama({ files: plantedLlamaFiles(tok.vocabSize, path, realTokenizerFiles('llama3')) });
    const table = buildParamTable(ck.config);
    const weights = new Float32Array(table.total);
    for (const e of table.entries) weights.set(ck.params[e.name], e.offset);
    const initialCheckpoint = await saveCheckpoint(db, {
      runId: 0, iteration: 0, label: 'planted llama-3', weights, tensors: table.entries.map(({ name, shape, offset }) => ({ name, shape, offset })),
      modelConfig: { ...ck.config, tokenizer: ck.tokenizer } as unknown as JsonObject,
    });

    const batches: Batch[] = [];
    const finishes: FinishReason[] = [];
    const runId = await createPipelineRun({ db }, { ...RUN, initialCheckpoint });
    await runPipeline(runId, {
      db, critic: createScriptedCritic(),
      createEngine: async (config, seed) => {
        const engine = await createEngine({ backend: 'webgpu', config, seed });
        const [trainStep, generate] = [engine.trainStep.bind(engine), engine.generate.bind(engine)];
        engine.trainStep = (batch, h) => (batches.push(batch), trainStep(batch, h));
        engine.generate = async (prompts, opts) => {
          const res = await generate(prompts, opts);
          finishes.push(...res.finish);
          return res;
        };
        return engine;
      },
    });
    expect((await getRun(db, runId)).status).toBe('done');

    // Every row ended at "\nQ:": attempts (edit) and evaluations alike; the text is cut before it and parses.
    expect(finishes.length).toBe(RUN.trainProblems + 4 * RUN.evalProblems);
    expect(new Set(finishes)).toEqual(new Set(['stop']));
    const trajectories = await latestTrajectories(db, runId, 10);
    expect(trajectories.map((t) => t.turns[0].attempt)).toEqual([ANSWER]);
    const answers = (await listEvals(db, runId)).flatMap(answersOf);
    expect(answers.length).toBe(4);
    for (const a of answers) {
      expect(a.turns.map((t) => t.attempt)).toEqual([ANSWER]);
      expect(extractAnswer('ws', a.turns[0].attempt)).toBe('apple pear');
    }

    // Each trained row is an example's whole text; a target weighs w exactly where its text lies from `Feedback:` on
    // (token spans from decoding prefixes), padding weighs 0 with a valid id (Llama-3 has no pad token).
    const examples = [...(await listExamples(db, runId, 1)), ...problems.gold.map((p) => ({ kind: 'gold', text: `${p.prompt}\n${p.rationale}`, weightFrom: null }))];
    expect(new Set(examples.map((e) => e.kind))).toEqual(new Set(['improvement', 'correct', 'gold']));
    let weighted = 0;
    for (const b of batches) {
      const T = b.seqLen;
      for (let r = 0; r < b.batchSize; r++) {
        const w = b.weights.subarray(r * T, (r + 1) * T);
        const n = w.findLastIndex((x) => x > 0) + 1;
        expect(Array.from(b.tokens.subarray(r * T + n, (r + 1) * T)).every((id) => id === 0)).toBe(true);
        if (n === 0) continue;
        const ids = [...b.tokens.subarray(r * T, r * T + n), b.targets[r * T + n - 1]];
        expect(ids[0]).toBe(tok.bos);
        expect(ids.at(-1)).toBe(tok.eos);
        const ex = examples.find((e) => e.text === tok.decode(ids))!;
        expect(ex, tok.decode(ids)).toBeDefined();
        const from = ex.weightFrom ?? Infinity;
        for (let i = 0; i < n; i++) {
          const [start, end] = [tok.decode(ids.slice(0, i + 1)).length, tok.decode(ids.slice(0, i + 2)).length];
          expect(w[i]).toBe(end > from || start >= from ? W : 1);
        }
        if (ex.weightFrom !== null) {
          const first = w.indexOf(W) + 1;
          // The newline before `Feedback` is merged into the token before it (".\n", " ?\n"), which stays unweighted.
          expect(tok.decode(ids.slice(first - 1, first))).toMatch(/^.+\n$/);
          expect(tok.decode(ids.slice(first, first + 1))).toBe('Feedback');
          weighted++;
        }
      }
    }
    expect(weighted).toBeGreaterThan(0);
  });
});

// `npm run probe -- RUN.zip --iteration N`: does the model know when it is wrong? Over a stored evaluation's answers it
// measures two things that tell its wrong first attempts from its right ones (AUC: 0.5 = no information, 1 = perfect):
// its own probability of each number it wrote in its steps (the lowest), and its probability of the "correct" feedback
// after `Feedback:` (greedy decoding tries to self-improve only where that falls below about one half). Self-improvement
// needs the second; the first says whether the information is in the model at all.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createEngine, type Engine, type Tokenizer } from '../engine';
import { buildParamTable, unflatten } from '../engine/params';
import { installDawn } from '../gpu/node-gpu';
import { importRunBundle, listCheckpoints, listEvals, loadCheckpoint, openDb, type EvalAnswer } from '../store';
import { FEEDBACK_MARK, countSteps, renderFeedback } from '../tasks';
import { makeBatch } from '../tripost/batches';
import { withConfigDefaults, type RunConfig } from '../tripost/config';
import { startingModel } from '../tripost/run';
import { storedTensors } from '../tripost/stored-weights';
import { auc } from '../util/auc';
import { readWarmStart } from './warm-start-file';

const USAGE = 'usage: npm run probe -- RUN.zip [--iteration N] [--split seen|unseen] [--backend webgpu|cpu]';

/** −log p of `tokens` at the positions where `weights` is 1 (the engine's weighted loss times their count). */
async function nll(engine: Engine, tok: Tokenizer, tokens: Int32Array, weights: Float32Array): Promise<number> {
  const count = weights.reduce((s, w) => s + w, 0);
  const T = Math.ceil((tokens.length - 1) / 64) * 64;
  return (await engine.loss(makeBatch([{ tokens, weights }], 1, T, tok.pad))) * count;
}

/** The model's lowest probability among the numbers that end its step lines (`… = 7.`). */
async function lowestNumberProbability(engine: Engine, tok: Tokenizer, prompt: string, attempt: string): Promise<number> {
  const text = `${prompt}\n${attempt}`;
  const tokens = tok.encode(text, { bos: true });
  let lowest = 1;
  for (const m of text.matchAll(/= (-?\d+)\.\n/g)) {
    // Tokens up to the '=' (the space belongs to the number's token); the next one is the number.
    const at = tok.encode(text.slice(0, m.index + 1), { bos: true }).length;
    const w = new Float32Array(tokens.length - 1);
    w[at - 1] = 1;
    lowest = Math.min(lowest, Math.exp(-(await nll(engine, tok, tokens, w))));
  }
  return lowest;
}

/**
 * The model's probability of the one "correct" feedback once it has written `Feedback:` after the attempt, and of
 * its least likely token: greedy decoding leaves that feedback (tries to self-improve) only where a token falls
 * below an alternative, so below one half is where it can.
 */
async function correctFeedback(engine: Engine, tok: Tokenizer, prompt: string, attempt: string): Promise<{ whole: number; lowestToken: number }> {
  // Split before the space: it belongs to the feedback's first token, as when the model writes it.
  const head = tok.encode(`${prompt}\n${attempt}${FEEDBACK_MARK.trimEnd()}`, { bos: true });
  const tail = tok.encode(` ${renderFeedback({ kind: 'correct' }, countSteps(attempt))}`);
  const tokens = new Int32Array(head.length + tail.length);
  tokens.set(head);
  tokens.set(tail, head.length);
  let whole = 0;
  let lowestToken = 1;
  for (let i = head.length - 1; i < tokens.length - 1; i++) {
    const w = new Float32Array(tokens.length - 1);
    w[i] = 1;
    const logp = -(await nll(engine, tok, tokens, w));
    whole += logp;
    lowestToken = Math.min(lowestToken, Math.exp(logp));
  }
  return { whole: Math.exp(whole), lowestToken };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { iteration: { type: 'string', default: '0' }, split: { type: 'string', default: 'seen' }, backend: { type: 'string', default: 'webgpu' } } });
  const iteration = Number(values.iteration);
  if (positionals.length !== 1 || !Number.isInteger(iteration) || !['seen', 'unseen'].includes(values.split!) || !['webgpu', 'cpu'].includes(values.backend!)) throw new Error(USAGE);
  const db = await openDb({ name: 'probe', indexedDB: new IDBFactory(), IDBKeyRange });
  const { runId } = await importRunBundle(db, new Uint8Array(await readFile(positionals[0])));
  const run = (await db.runs.get(runId))!;
  const evaluation = (await listEvals(db, runId)).find((e) => e.iteration === iteration && e.split === values.split);
  if (!evaluation?.answers?.length) throw new Error(`${positionals[0]} holds no stored answers of the ${values.split} evaluation at iteration ${iteration}`);
  const config = withConfigDefaults(run.config as unknown as RunConfig);
  const start = await startingModel({ db, loadWarmStart: readWarmStart }, config);
  let weights = start.weights && unflatten(buildParamTable(start.model), start.weights);
  if (iteration > 0) {
    const ck = (await listCheckpoints(db, runId)).find((c) => c.iteration === iteration);
    if (!ck) throw new Error(`${positionals[0]} holds no model of iteration ${iteration}`);
    // A LoRA run's checkpoints hold its adapters beside the base.
    weights = storedTensors(ck.tensors, (await loadCheckpoint(db, ck.id)).weights);
  }
  if (values.backend === 'webgpu') installDawn();
  const engine = await createEngine({ backend: values.backend as 'webgpu' | 'cpu', config: start.model, seed: 1, lora: config.lora });
  try {
    if (weights) await engine.writeParams(weights);
    const rows: { right: boolean; number: number; verdict: number; verdictToken: number }[] = [];
    for (const a of evaluation.answers as EvalAnswer[]) {
      const attempt = a.turns[0].attempt;
      const prompt = String(a.problem.prompt);
      const verdict = await correctFeedback(engine, start.tokenizer, prompt, attempt);
      rows.push({ right: a.initialCorrect, number: await lowestNumberProbability(engine, start.tokenizer, prompt, attempt), verdict: verdict.whole, verdictToken: verdict.lowestToken });
    }
    const pick = (right: boolean, key: 'number' | 'verdict' | 'verdictToken') => rows.filter((r) => r.right === right).map((r) => r[key]);
    const summary = (key: 'number' | 'verdict' | 'verdictToken') => ({ auc: auc(pick(true, key), pick(false, key)), medianRight: median(pick(true, key)), medianWrong: median(pick(false, key)) });
    const report = {
      run: run.name, iteration, split: values.split, right: pick(true, 'number').length, wrong: pick(false, 'number').length,
      numberConfidence: summary('number'),
      correctFeedback: summary('verdict'),
      correctFeedbackLowestToken: { ...summary('verdictToken'), belowHalfRight: pick(true, 'verdictToken').filter((p) => p < 0.5).length, belowHalfWrong: pick(false, 'verdictToken').filter((p) => p < 0.5).length },
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    engine.destroy();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});

// The whole training text encoded once, each token placed in it by character: loss weights from the first
// `Feedback:` on land on the tokens that write it, for the character, task and real tokenizer.json tokenizers.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkBatch } from '../../../src/engine/engine';
import { presetConfig } from '../../../src/engine/config';
import { taskTokenizer, type Tokenizer } from '../../../src/engine/tokenizer';
import { TASK_IDS } from '../../../src/tasks';
import { createTaskTokenizer, encodeWithSpans } from '../../../src/tokenizers';
import { makeBatch, tokenizeExample, type TokenizedExample } from '../../../src/tripost/batches';
import type { Example } from '../../../src/tripost/postprocess';
import { REAL_TOKENIZERS, realTokenizer } from '../../helpers/real-tokenizers';
import { trainingExamples } from '../../helpers/training-texts';

const W = 1.5;
const ATTEMPT_WEIGHT = 0.5;
let examples: Example[] = [];

beforeAll(async () => {
  examples = (await Promise.all(TASK_IDS.map((task) => trainingExamples(task, 3)))).flat();
});

/** How tokenizeExample placed weights before: head and tail encoded apart, the tail's tokens (and EOS) weigh w. */
function tokenizedApart(ex: Example, tok: Tokenizer): TokenizedExample {
  const head = tok.encode(ex.weightFrom === null ? ex.text : ex.text.slice(0, ex.weightFrom), { bos: true });
  const tail = tok.encode(ex.weightFrom === null ? '' : ex.text.slice(ex.weightFrom), { eos: true });
  const tokens = Int32Array.from([...head, ...tail]);
  const headWeight = ex.kind === 'improvement' ? ATTEMPT_WEIGHT : 1;
  const weights = Float32Array.from({ length: tokens.length - 1 }, (_, i) => (ex.weightFrom !== null && i + 1 >= head.length ? W : headWeight));
  return { tokens, weights };
}

describe('character and task tokenizers', () => {
  it('give the ids and weights they gave when head and tail were encoded apart (the warm starts were trained on them)', () => {
    for (const tok of [taskTokenizer(), createTaskTokenizer('whole'), createTaskTokenizer('digits')]) {
      for (const ex of examples) {
        const apart = tokenizedApart(ex, tok);
        const whole = tokenizeExample(ex, tok, W, ATTEMPT_WEIGHT);
        expect(whole.tokens).toEqual(apart.tokens);
        expect(whole.weights).toEqual(apart.weights);
      }
    }
    expect(examples.filter((e) => e.kind === 'improvement').length).toBeGreaterThan(4);
  });
});

describe.each(REAL_TOKENIZERS)('tokenizer.json of %s', (name) => {
  it('encodes the whole text once; decoding the tokens up to each one gives the text up to its end', () => {
    const tok = realTokenizer(name);
    for (const ex of examples.slice(0, 6)) {
      const { ids, starts, ends } = encodeWithSpans(tok, ex.text, { bos: true, eos: true });
      expect(ids).toEqual(tok.encode(ex.text, { bos: true, eos: true }));
      for (let k = 0; k < ids.length; k++) {
        expect(starts[k]).toBe(k === 0 ? 0 : ends[k - 1]);
        expect(tok.decode(ids.subarray(0, k + 1))).toBe(ex.text.slice(0, ends[k]));
      }
      expect(ends[ids.length - 1]).toBe(ex.text.length);
    }
  });

  it('weighs w exactly the tokens that write the text from `Feedback:` on, and the final EOS', () => {
    const tok = realTokenizer(name);
    for (const ex of examples.filter((e) => e.weightFrom !== null)) {
      const { tokens, weights } = tokenizeExample(ex, tok, W, ATTEMPT_WEIGHT);
      const first = weights.indexOf(W) + 1; // the first token weighing w (target i is token i + 1)
      expect(Array.from(weights.subarray(first - 1)).every((w) => w === W)).toBe(true);
      expect(Array.from(weights.subarray(0, first - 1)).every((w) => w === (ex.kind === 'improvement' ? ATTEMPT_WEIGHT : 1))).toBe(true);
      // Head tokens decode to the text before `Feedback:`, weighted ones to the rest; the last is EOS.
      expect(tok.decode(tokens.subarray(0, first))).toBe(ex.text.slice(0, ex.weightFrom!));
      expect(tok.decode(tokens.subarray(0, first + 1))).toMatch(/\nFeed$|\nFeedback$/);
      expect(tokens[tokens.length - 1]).toBe(tok.eos);
      expect(tok.decode(tokens)).toBe(ex.text);
    }
  });

  it('places tokens that split a character (byte tokens) without losing text', () => {
    const tok = realTokenizer(name);
    const text = 'Q: naïve café ∑ 😀 =\nFeedback: «ok» — ✓';
    const { ids, starts, ends } = encodeWithSpans(tok, text, { eos: true });
    let joined = '';
    ids.forEach((_, k) => (joined += text.slice(starts[k], ends[k])));
    expect(joined).toBe(text);
    const from = text.indexOf('Feedback');
    const tail = Array.from(ids.keys()).filter((k) => ends[k] > from || starts[k] >= from);
    expect(tok.decode(ids.subarray(tail[0]))).toBe(text.slice(from));
  });
});

describe('a merged token across the weight boundary', () => {
  it('Llama-3 writes ".\\n" as one token before `Feedback`: it stays in the head, as it ends before the boundary', () => {
    const tok = realTokenizer('llama3');
    const ex = examples.find((e) => e.kind === 'correct')!;
    const { tokens, weights } = tokenizeExample(ex, tok, W);
    const first = weights.indexOf(W) + 1;
    expect(tok.decode(tokens.subarray(first - 1, first))).toBe('.\n');
    expect(tok.decode(tokens.subarray(first, first + 1))).toBe('Feedback');
  });

  it('Llama-2 gives the tail other tokens when it is encoded apart (a ▁ before `Feedback`): encoding once avoids it', () => {
    const tok = realTokenizer('llama2');
    const ex = examples.find((e) => e.kind === 'correct')!;
    expect(tokenizeExample(ex, tok, W).tokens).not.toEqual(tokenizedApart(ex, tok).tokens);
  });
});

describe('padding', () => {
  it('without a pad token (Llama-3 base) pads with a valid id at weight 0: the batch passes the engine check', () => {
    const tok = realTokenizer('llama3');
    expect(tok.pad).toBe(-1);
    const rows = examples.slice(0, 3).map((ex) => tokenizeExample(ex, tok, W));
    const T = Math.max(...rows.map((r) => r.tokens.length - 1)) + 5;
    const batch = makeBatch(rows, 4, T, tok.pad);
    expect(() => checkBatch(batch, presetConfig('nano', tok.vocabSize, { maxSeqLen: T }))).not.toThrow();
    rows.forEach((r, b) => {
      const n = r.tokens.length - 1;
      expect(batch.weights.subarray(b * T, b * T + n)).toEqual(r.weights);
      expect(Array.from(batch.weights.subarray(b * T + n, (b + 1) * T)).every((w) => w === 0)).toBe(true);
    });
    expect(Array.from(batch.weights.subarray(3 * T)).every((w) => w === 0)).toBe(true);
  });
});

// Stop strings matched on each row's decoded text, and text streamed from decoding the growing sequence: with
// real tokenizer.json files the stop strings' own ids never show up in what a model writes.
import { describe, expect, it } from 'vitest';
import { runGeneration, type DecodeBackend } from '../../../src/engine/generate';
import { presetConfig } from '../../../src/engine/config';
import { taskTokenizer, type Tokenizer } from '../../../src/engine/tokenizer';
import { attemptPrompt, feedbackPrompt, generateProblem } from '../../../src/tasks';
import { createTaskTokenizer, decodeAfter, eosStop, findStop, TextStops, TextStream } from '../../../src/tokenizers';
import { REAL_TOKENIZERS, realTokenizer } from '../../helpers/real-tokenizers';

const PROMPT = attemptPrompt(generateProblem('msa', 'seen', 3, 0, 'quick').prompt);
const ANSWER = "(1) Let's calculate A = (4 - 0) = 4.\n(Final response) So the answer is 16.";

/** A model's new tokens as the tokenizer writes them after the prompt (the canonical tokens of the whole text). */
function written(tok: Tokenizer, text: string): Int32Array {
  const prompt = tok.encode(PROMPT, { bos: true });
  const whole = tok.encode(PROMPT + text, { bos: true });
  expect(whole.subarray(0, prompt.length)).toEqual(prompt);
  return whole.subarray(prompt.length);
}

const contains = (ids: ArrayLike<number>, part: ArrayLike<number>) => Array.from(ids).join(',').includes(Array.from(part).join(','));

describe('findStop', () => {
  it('finds the first stop string in the new text, one that began in the prompt at 0, none that ended in it', () => {
    expect(findStop('step.\n', '(1) x\nQ: y\nFeedback: z', ['\nFeedback:', '\nQ:'])).toBe(5);
    expect(findStop('step.\n', 'Feedback: z', ['\nFeedback:'])).toBe(0);
    expect(findStop('x\nQ:', ' more', ['\nQ:'])).toBe(-1);
    expect(findStop('', 'abc\nQ', ['\nQ:'])).toBe(-1);
    // Only matches that end in the text after `from` are new.
    expect(findStop('', 'a\nQ:b', ['\nQ:'], 4)).toBe(-1);
    expect(findStop('', 'a\nQ:b', ['\nQ:'], 3)).toBe(1);
  });
});

describe.each([...REAL_TOKENIZERS, 'char', 'task'] as const)('%s', (name) => {
  const tokenizer = (): Tokenizer => (name === 'char' ? taskTokenizer() : name === 'task' ? createTaskTokenizer('whole') : realTokenizer(name));

  it('streams the text of the whole sequence, token by token (no lost spaces, characters split across tokens joined)', () => {
    const tok = tokenizer();
    for (const text of [ANSWER, ...(name === 'char' ? [] : ['Feedback: naïve café ∑ 😀 «ok» — ✓'])]) {
      const ids = written(tok, text);
      const stream = new TextStream(tok, tok.encode(PROMPT, { bos: true }));
      const pieces = Array.from(ids, (id) => stream.push(id));
      expect(pieces.join('')).toBe(text);
      expect(stream.text).toBe(text);
      expect(decodeAfter(tok, tok.encode(PROMPT, { bos: true }), ids)).toBe(text);
    }
  });

  it('ends a row at the token that completes "\\nQ:" and cuts its text before it', () => {
    const tok = tokenizer();
    const prompt = tok.encode(PROMPT, { bos: true });
    const ids = written(tok, `${ANSWER}\nQ: (1 + 2) =`);
    const stops = new TextStops(tok, [prompt], ['\nFeedback:', '\nQ:']);
    const fired = Array.from(ids).findIndex((id) => stops.stopWhen(0, id));
    expect(decodeAfter(tok, prompt, ids.subarray(0, fired + 1))).toMatch(/\nQ:?$/);
    expect(decodeAfter(tok, prompt, ids.subarray(0, fired))).not.toContain('\nQ:');
    expect(stops.text(0, ids)).toBe(ANSWER);
    expect(stops.text(0, ids.subarray(0, fired + 1))).toBe(ANSWER);
  });

  it('stops on a stop string that begins with the prompt\'s own last newline', () => {
    const tok = tokenizer();
    const prompt = tok.encode(PROMPT, { bos: true });
    const ids = written(tok, 'Feedback: Step (1) is correct.');
    const stops = new TextStops(tok, [prompt], ['\nFeedback:', '\nQ:']);
    expect(Array.from(ids).some((id) => stops.stopWhen(0, id))).toBe(true);
    expect(stops.text(0, ids)).toBe('');
  });
});

describe('prompt boundaries', () => {
  it('attempt and feedback prompts encode to the first tokens of the whole trajectory text, with every tokenizer', () => {
    const attempt = ANSWER;
    const whole = `${PROMPT}${attempt}\nFeedback: Step (1) is correct.`;
    for (const tok of [...REAL_TOKENIZERS.map(realTokenizer), taskTokenizer(), createTaskTokenizer('whole')]) {
      const ids = tok.encode(whole, { bos: true });
      for (const prompt of [PROMPT, feedbackPrompt(PROMPT.trimEnd(), attempt)]) {
        const head = tok.encode(prompt, { bos: true });
        expect(ids.subarray(0, head.length)).toEqual(head);
      }
    }
  });

  it('without its newline the attempt prompt ends in a token Llama-3 never writes there (".\n" is one token)', () => {
    const tok = realTokenizer('llama3');
    const bare = tok.encode(PROMPT.trimEnd(), { bos: true });
    expect(tok.encode(PROMPT, { bos: true }).subarray(0, bare.length)).not.toEqual(bare);
  });
});

describe('why token-id stops fail with real tokenizers', () => {
  it('SentencePiece (Llama-2) encodes "\\nQ:" with a leading ▁; Llama-3 and Qwen3 merge ".\\n": the ids never appear', () => {
    for (const name of REAL_TOKENIZERS) {
      const tok = realTokenizer(name);
      const ids = written(tok, `${ANSWER}\nQ: (1 + 2) =`);
      expect(contains(ids, tok.encode('\nQ:')), name).toBe(false);
    }
  });

  it('Llama-2 decoded one token at a time loses every space', () => {
    const tok = realTokenizer('llama2');
    const ids = written(tok, '(Final response) So the answer is 16.');
    expect(Array.from(ids, (id) => tok.decode([id])).join('')).toBe('(Finalresponse)Sotheansweris16.');
  });
});

describe('generation with text stops', () => {
  it('stopWhen ends its row as a stop, with the tokens so far; other rows run on to their limit', async () => {
    const tok = realTokenizer('llama3');
    const prompts = [tok.encode(PROMPT, { bos: true }), tok.encode(PROMPT, { bos: true })];
    const script = [written(tok, `${ANSWER}\nQ: next`), written(tok, `${ANSWER} and on and on and on`)];
    // A backend that writes each row's script, one token per step (slot word 3: the row's new tokens so far).
    const backend: DecodeBackend = {
      begin: async () => undefined,
      step: async (slots, _tokens, M) => Int32Array.from({ length: M }, (_, m) => script[slots[m * 4]][slots[m * 4 + 3]] ?? 0),
      end: () => undefined,
    };
    const config = presetConfig('nano', tok.vocabSize, { maxSeqLen: 512 });
    const stops = new TextStops(tok, prompts, ['\nQ:']);
    const res = await runGeneration(backend, config, prompts, { maxNewTokens: script[1].length, temperature: 0, seed: 0, stop: eosStop(tok), stopWhen: stops.stopWhen });
    expect(res.finish).toEqual(['stop', 'length']);
    expect(stops.text(0, res.tokens[0])).toBe(ANSWER);
    expect(stops.text(1, res.tokens[1])).toBe(`${ANSWER} and on and on and on`);
    expect(decodeAfter(tok, prompts[0], res.tokens[0]).endsWith('\nQ:')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { CharTokenizer, deserializeTokenizer, taskTokenizer } from '../../../src/engine/tokenizer';
import { HfTokenizer } from '../../../src/engine/tokenizer-hf';
import { TASK_ALPHABET } from '../../../src/tasks/alphabet';
import { TOKENIZER_CONFIG, smallTokenizerJson } from '../../helpers/hf-fixtures';
import { REAL_TOKENIZERS, realTokenizer, type RealTokenizerName } from '../../helpers/real-tokenizers';

describe('character tokenizer', () => {
  it('covers the task alphabet plus PAD, BOS, EOS and round-trips text', () => {
    const t = taskTokenizer();
    expect(t.vocabSize).toBe([...TASK_ALPHABET].length + 3);
    expect([t.pad, t.bos, t.eos]).toEqual([0, 1, 2]);
    const text = 'Q: 12 + 7 = ?\nA: 19 {ok} ~';
    const ids = t.encode(text, { bos: true, eos: true });
    expect(ids[0]).toBe(t.bos);
    expect(ids[ids.length - 1]).toBe(t.eos);
    expect(ids.length).toBe(text.length + 2);
    expect(Math.max(...ids)).toBeLessThan(t.vocabSize);
    expect(t.decode(ids)).toBe(text);
  });

  it('names characters outside the alphabet and ids outside the vocabulary', () => {
    const t = taskTokenizer();
    expect(() => t.encode('naïve')).toThrow(/"ï" \(U\+00EF\) is not in the alphabet/);
    expect(() => t.decode([t.vocabSize])).toThrow(/outside the vocabulary/);
    expect(() => new CharTokenizer('abca')).toThrow(/appears twice/);
  });

  it('serialises to JSON and back', () => {
    const t = new CharTokenizer('xyz\n');
    const back = deserializeTokenizer(JSON.parse(JSON.stringify(t.serialize())));
    expect(back.encode('zyx\n')).toEqual(t.encode('zyx\n'));
    expect(back.vocabSize).toBe(7);
    expect(() => deserializeTokenizer({ kind: 'nope' } as never)).toThrow(/Unknown tokenizer/);
  });
});

describe('tokenizer.json through @huggingface/tokenizers', () => {
  it('encodes with BPE merges, finds specials from tokenizer_config, decodes, serialises', () => {
    const t = new HfTokenizer(smallTokenizerJson(), TOKENIZER_CONFIG);
    expect([t.bos, t.eos, t.pad, t.vocabSize]).toEqual([0, 1, 2, 19]);
    const ids = t.encode('hello world', { bos: true, eos: true });
    expect(Array.from(ids)).toEqual([0, 17, 18, 6, 9, 5, 10, 1]); // <s> hello ▁w o r l d </s>
    expect(t.decode(ids)).toBe('hello world');
    const back = deserializeTokenizer(JSON.parse(JSON.stringify(t.serialize())));
    expect(back.encode('hello')).toEqual(t.encode('hello'));
  });

  it('without a config: EOS and PAD by common names, BOS only where the post-processor puts one; refuses a file without a model', () => {
    const t = new HfTokenizer(smallTokenizerJson());
    expect([t.bos, t.eos, t.pad]).toEqual([-1, 1, 2]);
    expect(Array.from(t.encode('hello', { bos: true }))).toEqual([17]);
    const template = { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }], pair: [], special_tokens: { '<s>': { id: '<s>', ids: [0], tokens: ['<s>'] } } };
    expect(new HfTokenizer({ ...smallTokenizerJson(), post_processor: template }).bos).toBe(0);
    expect(() => new HfTokenizer({ version: '1.0' })).toThrow(/no "model"/);
  });

  it('a config entry decides, null meaning none; add_bos_token false puts no BOS', () => {
    expect(new HfTokenizer(smallTokenizerJson(), { bos_token: null, eos_token: '</s>', pad_token: null }).bos).toBe(-1);
    expect(new HfTokenizer(smallTokenizerJson(), { bos_token: null, eos_token: '</s>', pad_token: null }).pad).toBe(-1);
    expect(new HfTokenizer(smallTokenizerJson(), { ...TOKENIZER_CONFIG, add_bos_token: false }).bos).toBe(-1);
  });
});

describe('real tokenizer.json files (Llama-2, Llama-3, Qwen3)', () => {
  const TEXT = "Q: ((1 + 2) * 3) = ?\nAnswer: Let's think step by step.\n(Final response) So the answer is 9.";

  it('take BOS, EOS and PAD from their own config: Qwen3 starts with no BOS (its "<s>" is an ordinary token)', () => {
    const specials = (name: RealTokenizerName) => {
      const t = realTokenizer(name);
      return { bos: t.bos, eos: t.eos, pad: t.pad, vocab: t.vocabSize };
    };
    expect(specials('llama2')).toEqual({ bos: 1, eos: 2, pad: -1, vocab: 32000 });
    expect(specials('llama3')).toEqual({ bos: 128000, eos: 128001, pad: -1, vocab: 128256 });
    expect(specials('qwen3')).toEqual({ bos: -1, eos: 151645, pad: 151643, vocab: 151669 });
    const qwen = realTokenizer('qwen3');
    expect(qwen.encode(TEXT, { bos: true })).toEqual(qwen.encode(TEXT));
    expect(realTokenizer('llama3').encode(TEXT, { bos: true })[0]).toBe(128000);
  });

  it('decode raw: task text comes back as written (Llama-3 asks for clean_up_tokenization_spaces, which makes "= ?" "=?")', () => {
    for (const name of REAL_TOKENIZERS) {
      const t = realTokenizer(name);
      expect(t.decode(t.encode(TEXT, { bos: true, eos: true })), name).toBe(TEXT);
    }
    expect(realTokenizer('llama3').config.clean_up_tokenization_spaces).toBe(true);
  });
});

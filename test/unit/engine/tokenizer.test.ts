import { describe, expect, it } from 'vitest';
import { CharTokenizer, deserializeTokenizer, taskTokenizer } from '../../../src/engine/tokenizer';
import { HfTokenizer } from '../../../src/engine/tokenizer-hf';
import { TASK_ALPHABET } from '../../../src/tasks/alphabet';
import { TOKENIZER_CONFIG, smallTokenizerJson } from '../../helpers/hf-fixtures';

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

  it('falls back to common special names without a config; refuses a file without a model', () => {
    const t = new HfTokenizer(smallTokenizerJson());
    expect([t.bos, t.eos, t.pad]).toEqual([0, 1, 2]);
    expect(() => new HfTokenizer({ version: '1.0' })).toThrow(/no "model"/);
  });
});

// A small Hugging Face tokenizer.json (BPE with Metaspace) written in the test, as a real checkpoint ships one.

const PIECES = ['h', 'e', 'l', 'o', '▁', 'w', 'r', 'd', 'a', 'b', 'c', 'he', 'll', 'hell', 'hello', '▁w'];

export const TOKENIZER_CONFIG = { bos_token: '<s>', eos_token: { content: '</s>' }, pad_token: '<pad>' };

export function smallTokenizerJson(): object {
  const specials = ['<s>', '</s>', '<pad>'];
  const vocab: Record<string, number> = {};
  [...specials, ...PIECES].forEach((p, i) => (vocab[p] = i));
  const metaspace = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'never', split: true };
  return {
    version: '1.0',
    added_tokens: specials.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: metaspace,
    post_processor: null,
    decoder: metaspace,
    model: {
      type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false,
      vocab, merges: ['h e', 'l l', 'he ll', 'hell o', '▁ w'],
    },
  };
}

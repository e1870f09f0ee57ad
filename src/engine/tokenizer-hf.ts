// Hugging Face tokenizer.json (with tokenizer_config.json when there is one) through @huggingface/tokenizers.
import { Tokenizer as HfLib } from '@huggingface/tokenizers';
import type { EncodeOptions, Tokenizer } from './tokenizer';

export interface SerializedHfTokenizer {
  kind: 'hf';
  tokenizer: object; // tokenizer.json
  config: Record<string, unknown>; // tokenizer_config.json ({} when absent)
}

/** Names special tokens commonly carry, tried when tokenizer_config.json does not say. */
const FALLBACK = {
  bos: ['<s>', '<|begin_of_text|>', '<|endoftext|>', '<|im_start|>'],
  eos: ['</s>', '<|end_of_text|>', '<|endoftext|>', '<|im_end|>', '<|eot_id|>'],
  pad: ['<pad>', '<|pad|>', '<|finetune_right_pad_id|>'],
};

function tokenName(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { content?: unknown }).content === 'string') return (v as { content: string }).content;
  return undefined;
}

export class HfTokenizer implements Tokenizer {
  readonly kind = 'hf' as const;
  readonly vocabSize: number;
  readonly bos: number;
  readonly eos: number;
  readonly pad: number;
  private lib: HfLib;

  constructor(readonly json: object, readonly config: Record<string, unknown> = {}) {
    const model = (json as { model?: { type?: unknown } }).model;
    if (!model || typeof model !== 'object') throw new Error('tokenizer.json: no "model" section');
    try {
      this.lib = new HfLib(json, config);
    } catch (err) {
      throw new Error(`tokenizer.json (model ${String(model.type)}) could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
    }
    let max = -1;
    for (const id of this.lib.get_vocab(true).values()) max = Math.max(max, id);
    this.vocabSize = max + 1;
    const find = (key: 'bos' | 'eos' | 'pad') => {
      const named = tokenName(config[`${key}_token`]);
      for (const name of named ? [named] : FALLBACK[key]) {
        const id = this.lib.token_to_id(name);
        if (id !== undefined) return id;
      }
      return -1;
    };
    this.bos = find('bos');
    this.eos = find('eos');
    this.pad = find('pad');
  }

  static fromSerialized(s: SerializedHfTokenizer): HfTokenizer {
    return new HfTokenizer(s.tokenizer, s.config ?? {});
  }

  encode(text: string, opts: EncodeOptions = {}): Int32Array {
    const ids = this.lib.encode(text, { add_special_tokens: false }).ids;
    if (opts.bos && this.bos >= 0) ids.unshift(this.bos);
    if (opts.eos && this.eos >= 0) ids.push(this.eos);
    return Int32Array.from(ids);
  }

  decode(ids: ArrayLike<number>): string {
    return this.lib.decode(Array.from(ids), { skip_special_tokens: true });
  }

  serialize(): SerializedHfTokenizer {
    return { kind: 'hf', tokenizer: this.json, config: this.config };
  }
}

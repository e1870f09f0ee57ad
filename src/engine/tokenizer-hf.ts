// Hugging Face tokenizer.json (with tokenizer_config.json when there is one) through @huggingface/tokenizers.
// Specials follow the tokenizer's own files: a BOS only where they put one first (Qwen3 has none), and decoding
// is raw (no clean_up_tokenization_spaces: "= ?" must stay "= ?" for the task parsers).
import { Tokenizer as HfLib } from '@huggingface/tokenizers';
import type { EncodeOptions, Tokenizer } from './tokenizer';

export interface SerializedHfTokenizer {
  kind: 'hf';
  tokenizer: object; // tokenizer.json
  config: Record<string, unknown>; // tokenizer_config.json ({} when absent)
}

/** Names EOS and PAD commonly carry, tried only when tokenizer_config.json has no entry for them. */
const FALLBACK = {
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
    this.bos = this.findBos();
    this.eos = this.findSpecial('eos');
    this.pad = this.findSpecial('pad');
  }

  /** The config's entry when it has one (null: none); otherwise the first common name in the vocabulary. */
  private findSpecial(key: 'eos' | 'pad'): number {
    const entry = `${key}_token`;
    const names = entry in this.config ? [tokenName(this.config[entry])] : FALLBACK[key];
    for (const name of names) {
      const id = name === undefined ? undefined : this.lib.token_to_id(name);
      if (id !== undefined) return id;
    }
    return -1;
  }

  /**
   * The BOS a sequence starts with: none when add_bos_token is false; the config's bos_token when it names one
   * (null, as in Qwen3: none); without an entry, the special token tokenizer.json's post-processor puts first.
   */
  private findBos(): number {
    if (this.config.add_bos_token === false) return -1;
    if ('bos_token' in this.config) {
      const name = tokenName(this.config.bos_token);
      return (name === undefined ? undefined : this.lib.token_to_id(name)) ?? -1;
    }
    const plain = this.lib.encode('a', { add_special_tokens: false }).ids;
    const framed = this.lib.encode('a', { add_special_tokens: true }).ids;
    return framed.length > plain.length && framed[0] !== plain[0] ? framed[0] : -1;
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
    if (ids.length === 0) return ''; // the library refuses an empty list
    return this.lib.decode(Array.from(ids), { skip_special_tokens: true, clean_up_tokenization_spaces: false });
  }

  serialize(): SerializedHfTokenizer {
    return { kind: 'hf', tokenizer: this.json, config: this.config };
  }
}

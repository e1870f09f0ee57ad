// Tokenizers: one interface for the task suite's character and task tokenizers and Hugging Face tokenizer.json files.
// Either serialises to JSON, which checkpoints keep in their safetensors metadata.
import { TASK_ALPHABET } from '../tasks/alphabet';
import { HfTokenizer, type SerializedHfTokenizer } from './tokenizer-hf';
import { TaskTokenizer, type SerializedTaskTokenizer } from '../tokenizers/task';

export interface EncodeOptions {
  bos?: boolean; // prepend BOS where the tokenizer has one (default false)
  eos?: boolean; // append EOS where the tokenizer has one (default false)
}

export interface Tokenizer {
  readonly kind: 'char' | 'task' | 'hf';
  readonly vocabSize: number;
  /** Special ids; −1 where the tokenizer has none (BOS: where it starts no sequence with one; batches pad with id 0). */
  readonly bos: number;
  readonly eos: number;
  readonly pad: number;
  encode(text: string, opts?: EncodeOptions): Int32Array;
  /**
   * Raw text of the ids: special tokens are left out, nothing else is rewritten. Not one token at a time: a token's
   * text may depend on its neighbours (src/tokenizers/text-stream.ts streams and places tokens in text).
   */
  decode(ids: ArrayLike<number>): string;
  serialize(): SerializedTokenizer;
}

export interface SerializedCharTokenizer {
  kind: 'char';
  alphabet: string;
}

export type SerializedTokenizer = SerializedCharTokenizer | SerializedTaskTokenizer | SerializedHfTokenizer;

/** Special ids come first, so a model keeps them when the alphabet grows. */
const CHAR_SPECIALS = { pad: 0, bos: 1, eos: 2 };

/** One id per character of the alphabet, after PAD, BOS, EOS. */
export class CharTokenizer implements Tokenizer {
  readonly kind = 'char' as const;
  readonly pad = CHAR_SPECIALS.pad;
  readonly bos = CHAR_SPECIALS.bos;
  readonly eos = CHAR_SPECIALS.eos;
  readonly vocabSize: number;
  private ids = new Map<string, number>();
  private chars: string[];

  constructor(readonly alphabet: string = TASK_ALPHABET) {
    this.chars = [...alphabet];
    const offset = Object.keys(CHAR_SPECIALS).length;
    this.chars.forEach((ch, i) => {
      if (this.ids.has(ch)) throw new Error(`Character tokenizer: ${JSON.stringify(ch)} appears twice in the alphabet`);
      this.ids.set(ch, offset + i);
    });
    this.vocabSize = offset + this.chars.length;
  }

  encode(text: string, opts: EncodeOptions = {}): Int32Array {
    const out: number[] = opts.bos ? [this.bos] : [];
    for (const ch of text) {
      const id = this.ids.get(ch);
      if (id === undefined) throw new Error(`Character tokenizer: ${JSON.stringify(ch)} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) is not in the alphabet`);
      out.push(id);
    }
    if (opts.eos) out.push(this.eos);
    return Int32Array.from(out);
  }

  decode(ids: ArrayLike<number>): string {
    let s = '';
    const offset = Object.keys(CHAR_SPECIALS).length;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id < offset) continue;
      const ch = this.chars[id - offset];
      if (ch === undefined) throw new Error(`Character tokenizer: id ${id} is outside the vocabulary (${this.vocabSize})`);
      s += ch;
    }
    return s;
  }

  serialize(): SerializedCharTokenizer {
    return { kind: 'char', alphabet: this.alphabet };
  }
}

/** The task suite's tokenizer: TASK_ALPHABET plus PAD, BOS, EOS. */
export function taskTokenizer(): CharTokenizer {
  return new CharTokenizer(TASK_ALPHABET);
}

export function deserializeTokenizer(s: SerializedTokenizer): Tokenizer {
  if (s?.kind === 'char' && typeof s.alphabet === 'string') return new CharTokenizer(s.alphabet);
  if (s?.kind === 'task') return TaskTokenizer.fromSerialized(s);
  if (s?.kind === 'hf') return HfTokenizer.fromSerialized(s);
  throw new Error(`Unknown tokenizer description (kind ${JSON.stringify((s as { kind?: unknown })?.kind)})`);
}

// The task tokenizer: the task language's words and (small) numbers as single tokens, punctuation on its own, a
// per-character fallback for any other text (UTF-8 bytes outside the task alphabet), so any text round-trips exactly.
import type { EncodeOptions, Tokenizer } from '../engine/tokenizer';
import { TASK_ALPHABET } from '../tasks/alphabet';
import { TASK_WORDS } from './task-words';

/** How numbers are cut: `whole` makes every integer up to `maxWhole` in size one token; `digits` spells them. */
export type NumberMode = 'whole' | 'digits';

export interface SerializedTaskTokenizer {
  kind: 'task';
  words: string[];
  /** Integers with |n| ≤ maxWhole are single tokens; 0 spells every number digit by digit. */
  maxWhole: number;
}

/** Whole numbers up to this size by default: every group value and most final values of the quick levels. */
export const DEFAULT_MAX_WHOLE = 99;

const SPECIALS = { pad: 0, bos: 1, eos: 2 };
const PUNCT = [...TASK_ALPHABET].filter((c) => /[^\sA-Za-z\d]/.test(c));
const DIGITS = '0123456789';
const LETTERS = [...TASK_ALPHABET].filter((c) => /[A-Za-z]/.test(c));
// A word (with an English 's), a number, a punctuation mark, each with at most one leading space; else one character.
const PIECE = /( ?)([A-Za-z]+(?:'[a-z]+)?)|( ?)(-?\d+)|( ?)([^\sA-Za-z\d])|([\s\S])/gu;

export class TaskTokenizer implements Tokenizer {
  readonly kind = 'task' as const;
  readonly pad = SPECIALS.pad;
  readonly bos = SPECIALS.bos;
  readonly eos = SPECIALS.eos;
  readonly vocabSize: number;
  /** Token text by id; byte tokens are `null` here and live in `byteBase..byteBase+255`. */
  private texts: (string | null)[] = [];
  private ids = new Map<string, number>();
  private byteBase: number;
  private encoder = new TextEncoder();

  constructor(
    readonly words: readonly string[] = TASK_WORDS,
    readonly maxWhole: number = DEFAULT_MAX_WHOLE,
  ) {
    if (!Number.isInteger(maxWhole) || maxWhole < 0) throw new Error(`Task tokenizer: maxWhole must be a whole number ≥ 0 (got ${maxWhole})`);
    this.texts.push(null, null, null);
    for (const ch of TASK_ALPHABET) this.add(ch);
    this.byteBase = this.texts.length;
    for (let b = 0; b < 256; b++) this.texts.push(null);
    for (const p of PUNCT) this.add(` ${p}`);
    // A lone letter after a space (" A" in "A = ...", " c" in WS's letters) is one token too.
    for (const c of LETTERS) this.add(` ${c}`);
    for (const w of words) {
      if (!/^[A-Za-z]+(?:'[a-z]+)?$/.test(w) || w.length < 2) throw new Error(`Task tokenizer: ${JSON.stringify(w)} is not a word of two or more letters`);
      this.add(w);
      this.add(` ${w}`);
    }
    // First digits of a spelled number, with its sign and space: " -4" then "5" spells " -45".
    for (const space of ['', ' ']) for (const sign of ['', '-']) for (const d of DIGITS) if (space || sign) this.add(`${space}${sign}${d}`);
    for (let n = -maxWhole; n <= maxWhole; n++) {
      if (Math.abs(n) >= 10) this.add(String(n));
      if (Math.abs(n) >= 10) this.add(` ${n}`);
    }
    this.vocabSize = this.texts.length;
  }

  private add(text: string): void {
    if (this.ids.has(text)) throw new Error(`Task tokenizer: ${JSON.stringify(text)} appears twice`);
    this.ids.set(text, this.texts.length);
    this.texts.push(text);
  }

  encode(text: string, opts: EncodeOptions = {}): Int32Array {
    const out: number[] = opts.bos ? [this.bos] : [];
    for (const m of text.matchAll(PIECE)) {
      if (m[2] !== undefined) this.word(m[1], m[2], out);
      else if (m[4] !== undefined) this.number(m[3], m[4], out);
      else if (m[6] !== undefined) this.chars(m[5] + m[6], out);
      else this.chars(m[7], out);
    }
    if (opts.eos) out.push(this.eos);
    return Int32Array.from(out);
  }

  private word(space: string, w: string, out: number[]): void {
    const whole = this.ids.get(space + w);
    if (whole !== undefined) return void out.push(whole);
    this.chars(space, out);
    const bare = this.ids.get(w);
    if (bare !== undefined) out.push(bare);
    else this.chars(w, out);
  }

  private number(space: string, digits: string, out: number[]): void {
    const whole = this.ids.get(space + digits);
    if (whole !== undefined) return void out.push(whole);
    const first = digits.startsWith('-') ? 2 : 1;
    const head = this.ids.get(space + digits.slice(0, first)) ?? this.ids.get(digits.slice(0, first))!;
    out.push(head);
    // The rest digit by digit (not through chars(), whose two-character lookup would take "23" of "123" whole).
    for (const d of digits.slice(first)) out.push(this.ids.get(d)!);
  }

  /** One token per alphabet character (a space-led punctuation mark is one); UTF-8 bytes for the rest. */
  private chars(text: string, out: number[]): void {
    const joined = this.ids.get(text);
    if (joined !== undefined && text.length === 2) return void out.push(joined);
    for (const ch of text) {
      const id = this.ids.get(ch);
      if (id !== undefined) out.push(id);
      else for (const b of this.encoder.encode(ch)) out.push(this.byteBase + b);
    }
  }

  decode(ids: ArrayLike<number>): string {
    let s = '';
    let bytes: number[] = [];
    const flush = () => {
      if (bytes.length) s += new TextDecoder().decode(Uint8Array.from(bytes));
      bytes = [];
    };
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id < 0 || id >= this.vocabSize) throw new Error(`Task tokenizer: id ${id} is outside the vocabulary (${this.vocabSize})`);
      if (id >= this.byteBase && id < this.byteBase + 256) {
        bytes.push(id - this.byteBase);
        continue;
      }
      flush();
      const text = this.texts[id];
      if (text !== null) s += text; // specials decode to nothing
    }
    flush();
    return s;
  }

  /** The text of one token, for displays (specials and bytes in angle brackets). */
  tokenText(id: number): string {
    if (id === this.pad) return '<pad>';
    if (id === this.bos) return '<bos>';
    if (id === this.eos) return '<eos>';
    if (id >= this.byteBase && id < this.byteBase + 256) return `<0x${(id - this.byteBase).toString(16).toUpperCase().padStart(2, '0')}>`;
    return this.texts[id] ?? '';
  }

  serialize(): SerializedTaskTokenizer {
    return { kind: 'task', words: [...this.words], maxWhole: this.maxWhole };
  }

  static fromSerialized(s: SerializedTaskTokenizer): TaskTokenizer {
    if (!Array.isArray(s.words) || !s.words.every((w) => typeof w === 'string')) throw new Error('Task tokenizer: its word list is missing or not a list of strings');
    return new TaskTokenizer(s.words, s.maxWhole);
  }
}

/** The task tokenizer with the shipped word list; `digits` spells every number. */
export function createTaskTokenizer(numbers: NumberMode = 'whole'): TaskTokenizer {
  return new TaskTokenizer(TASK_WORDS, numbers === 'whole' ? DEFAULT_MAX_WHOLE : 0);
}

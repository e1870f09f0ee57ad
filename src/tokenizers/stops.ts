// Stop strings matched on each row's decoded text. Their ids alone seldom appear in what a model writes: SentencePiece
// encodes "\nQ:" with a leading ▁ that never occurs mid-text, Llama-3 and Qwen3 merge ".\n" into one token.
import type { Tokenizer } from '../engine/tokenizer';
import { decodeAfter, TextStream } from './text-stream';

/** Prompt tokens decoded for a stop string that begins in the prompt (a prompt ending in "\n", new text "Q:"). */
const PROMPT_TOKENS = 32;

/** EOS as a token-id stop, where the tokenizer has one. */
export function eosStop(tok: Pick<Tokenizer, 'eos'>): Int32Array[] {
  return tok.eos >= 0 ? [Int32Array.of(tok.eos)] : [];
}

/**
 * Where the first stop string begins in `text`, the new text after a prompt ending in `before`; 0 when one begins in
 * the prompt and ends in the new text, −1 when none does. `from`: only matches ending after text[from] are new.
 */
export function findStop(before: string, text: string, strings: readonly string[], from = 0): number {
  const hay = before + text;
  let first = -1;
  for (const s of strings) {
    const at = hay.indexOf(s, Math.max(0, before.length + from - s.length + 1));
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  return first < 0 ? -1 : Math.max(0, first - before.length);
}

/** One generate call's stop strings: ends rows as they write one (stopWhen) and cuts their text before it. */
export class TextStops {
  private readonly streams: TextStream[];
  private readonly tails: string[];
  private readonly stopped: boolean[];

  constructor(private readonly tok: Tokenizer, private readonly prompts: readonly Int32Array[], readonly strings: readonly string[]) {
    if (strings.some((s) => s.length === 0)) throw new Error('Stop strings must not be empty');
    const keep = Math.max(0, ...strings.map((s) => s.length)) - 1;
    this.tails = prompts.map((p) => (keep > 0 ? tok.decode(p.slice(-PROMPT_TOKENS)).slice(-keep) : ''));
    this.streams = prompts.map((p) => new TextStream(tok, p));
    this.stopped = prompts.map(() => false);
  }

  /** For GenerateOptions.stopWhen: takes the row's new token; true once the row's text holds a stop string. */
  readonly stopWhen = (row: number, token: number): boolean => {
    if (this.stopped[row]) return true;
    const stream = this.streams[row];
    const added = stream.push(token);
    if (added === '') return false;
    this.stopped[row] = findStop(this.tails[row], stream.text, this.strings, stream.text.length - added.length) >= 0;
    return this.stopped[row];
  };

  /** A row's new tokens decoded as stopWhen took them (its `text`, and `finalText` with an unfinished character). */
  stream(row: number): Readonly<TextStream> {
    return this.streams[row];
  }

  /** The text a row's new tokens add to its prompt, cut before the first stop string. */
  text(row: number, tokens: ArrayLike<number>): string {
    const text = decodeAfter(this.tok, this.prompts[row], tokens);
    const cut = findStop(this.tails[row], text, this.strings);
    return cut < 0 ? text : text.slice(0, cut);
  }
}

// Text of token sequences as every tokenizer agrees on it: the decode of the whole sequence. A new token's text is
// the decode of a short window ending with it less the decode of that window without it (as Hugging Face's streamers
// and vLLM do), since tokens need not decode one by one: SentencePiece drops the space of a sequence's first token
// ("Sotheansweris16." token by token) and byte tokens split a character in two.
import type { EncodeOptions, Tokenizer } from '../engine/tokenizer';

/** Context tokens decoded before the new ones, so that the first new token decodes as it does mid-text. */
const CONTEXT_TOKENS = 6;
/** What a UTF-8 character cut short decodes to: its token waits for the next one. */
const UNFINISHED = '\uFFFD';

/** The text a growing sequence of tokens adds after a context, one token at a time. */
export class TextStream {
  /** Text of the tokens pushed so far (a token that ends inside a character gives its text with the next one). */
  text = '';
  private ids: number[];
  /** ids[0, read) have given their text; the window decoded for the next token starts at ids[0]. */
  private read: number;
  private readText: string;

  constructor(private readonly tok: Pick<Tokenizer, 'decode'>, context: ArrayLike<number> = []) {
    this.ids = Array.from(context).slice(-CONTEXT_TOKENS);
    this.read = this.ids.length;
    this.readText = tok.decode(this.ids);
  }

  /** Adds a token; returns the text it adds ('' for a special token or while a character is unfinished). */
  push(id: number): string {
    this.ids.push(id);
    const now = this.tok.decode(this.ids);
    if (now.length <= this.readText.length || now.endsWith(UNFINISHED)) return '';
    const added = now.slice(this.readText.length);
    // The tokens just read become the next window's context.
    this.ids = this.ids.slice(this.read);
    this.read = this.ids.length;
    this.readText = this.tok.decode(this.ids);
    this.text += added;
    return added;
  }

  /** All the text, an unfinished character at the end included (as the replacement character). */
  get finalText(): string {
    return this.text + this.tok.decode(this.ids).slice(this.readText.length);
  }
}

/** The text `ids` add after `context`: the decode of the growing sequence, not of the ids alone. */
export function decodeAfter(tok: Pick<Tokenizer, 'decode'>, context: ArrayLike<number>, ids: ArrayLike<number>): string {
  const stream = new TextStream(tok, context);
  for (let i = 0; i < ids.length; i++) stream.push(ids[i]);
  return stream.finalText;
}

export interface TokenSpans {
  ids: Int32Array;
  /** Token i covers text[starts[i], ends[i]); specials (BOS, EOS) cover nothing, where they stand. */
  starts: Int32Array;
  ends: Int32Array;
}

/** `text` encoded once, whole, with the characters each token covers. */
export function encodeWithSpans(tok: Tokenizer, text: string, opts: EncodeOptions = {}): TokenSpans {
  const ids = tok.encode(text, opts);
  const starts = new Int32Array(ids.length);
  const ends = new Int32Array(ids.length);
  const stream = new TextStream(tok);
  ids.forEach((id, i) => {
    starts[i] = stream.text.length;
    stream.push(id);
    ends[i] = stream.text.length;
  });
  const decoded = stream.finalText;
  if (ids.length > 0 && decoded.length > stream.text.length) ends[ids.length - 1] = decoded.length;
  if (decoded !== text) {
    const place = placeInOriginal(decoded, text);
    starts.forEach((s, i) => (starts[i] = place(s)));
    ends.forEach((e, i) => (ends[i] = place(e)));
  }
  return { ids, starts, ends };
}

/**
 * Maps positions of the decoded text onto the original where the tokenizer rewrote some of it (normalisation, an
 * unknown character): positions in the common prefix and suffix keep their characters, the rest go to where the
 * rewrite starts.
 */
function placeInOriginal(decoded: string, original: string): (at: number) => number {
  const most = Math.min(decoded.length, original.length);
  let prefix = 0;
  while (prefix < most && decoded[prefix] === original[prefix]) prefix++;
  let suffix = 0;
  while (suffix < most - prefix && decoded[decoded.length - 1 - suffix] === original[original.length - 1 - suffix]) suffix++;
  return (at) => (at <= prefix ? at : at >= decoded.length - suffix ? at - decoded.length + original.length : prefix);
}

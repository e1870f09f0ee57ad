// The character set of every task text: newline plus printable ASCII (the char tokenizer's vocabulary).

const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

export const TASK_ALPHABET: string = '\n' + printable;

/** Characters of `text` that are not in TASK_ALPHABET (empty when the text is clean). */
export function charsOutsideAlphabet(text: string): string[] {
  const bad = new Set<string>();
  for (const ch of text) if (!TASK_ALPHABET.includes(ch)) bad.add(ch);
  return [...bad];
}

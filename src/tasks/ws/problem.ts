// WS problems: generation, and the gold plan (letters, order, tie groups as sub-steps) with its text.

import type { Split, WsProblem } from '../types';
import type { Level } from '../level';
import { type Rng, pick, randInt } from '../rng';
import { makePrompt } from '../prompt';
import { FINAL } from '../steps';
import { WORDS } from '../words';

/** Alphabet position of a letter: a = 1 ... z = 26. */
export const pos = (c: string) => c.charCodeAt(0) - 96;

/** One gold line: a group's letters at position `letter`, the group's order by them, or the answer. */
export type WsLine =
  | { kind: 'letters'; label: string; words: string[]; letter: number }
  | { kind: 'order'; label: string; words: string[]; letter: number }
  | { kind: 'final'; label: string; words: string[] };

/** Words grouped by their letter at 1-based `letter`, groups in alphabet order, words in list order. */
export function buckets(words: readonly string[], letter: number): string[][] {
  const by = new Map<string, string[]>();
  for (const w of words) by.set(w[letter - 1], [...(by.get(w[letter - 1]) ?? []), w]);
  return [...by.keys()].sort().map((c) => by.get(c)!);
}

/** The first letter position where not all words agree (words are never prefixes of each other). */
export function firstDiff(words: readonly string[]): number {
  for (let q = 1; ; q++) if (new Set(words.map((w) => w[q - 1])).size > 1) return q;
}

function planGroup(out: WsLine[], words: string[], label: string, letter: number): void {
  out.push({ kind: 'letters', label, words, letter });
  out.push({ kind: 'order', label: `${label}.1`, words, letter });
  let j = 2;
  for (const b of buckets(words, letter)) if (b.length > 1) planGroup(out, b, `${label}.${j++}`, firstDiff(b));
}

/** The gold plan: (1) first letters, (2) their order, then one step per tie group, then the answer. */
export function wsPlan(words: readonly string[]): WsLine[] {
  const out: WsLine[] = [
    { kind: 'letters', label: '1', words: [...words], letter: 1 },
    { kind: 'order', label: '2', words: [...words], letter: 1 },
  ];
  let top = 3;
  for (const b of buckets(words, 1)) if (b.length > 1) planGroup(out, b, String(top++), firstDiff(b));
  out.push({ kind: 'final', label: FINAL, words: [...words].sort() });
  return out;
}

export const itemText = (w: string, letter: number, c = w[letter - 1]) => `${w}=${c}(${pos(c)})`;

export function bucketText(b: readonly string[], letter: number): string {
  const n = pos(b[0][letter - 1]);
  return b.length === 1 ? `(${n})${b[0]}` : `(${n})[${b.join(' ')}]`;
}

export function lineBody(l: WsLine): string {
  if (l.kind === 'final') return `So the answer is: ${l.words.join(' ')}.`;
  if (l.kind === 'letters') return `By letter ${l.letter}: ${l.words.map((w) => itemText(w, l.letter)).join(' ')}.`;
  return `Order: ${buckets(l.words, l.letter).map((b) => bucketText(b, l.letter)).join(' < ')}.`;
}

export const lineText = (l: WsLine) => `(${l.label}) ${lineBody(l)}`;

function sampleWords(rng: Rng, n: number): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const w = pick(rng, WORDS);
    if (!out.some((o) => o.startsWith(w) || w.startsWith(o))) out.push(w);
  }
  return out;
}

/** Words per list, [lo, hi], per level and split. */
export const WS_LEVELS: Record<Level, Record<Split, [number, number]>> = {
  easy: { seen: [2, 2], unseen: [3, 4] },
  quick: { seen: [2, 4], unseen: [5, 7] },
  paper: { seen: [2, 7], unseen: [8, 20] },
};

export function generateWs(rng: Rng, split: Split, id: string, level: Level = 'paper'): WsProblem {
  const [lo, hi] = WS_LEVELS[level][split];
  const n = randInt(rng, lo, hi);
  const words = sampleWords(rng, n);
  const question = `Sort the following words alphabetically:\nList: ${words.join(' ')}`;
  const rationale = wsPlan(words).map(lineText).join('\n');
  const answer = [...words].sort().join(' ');
  return { id, task: 'ws', split, question, prompt: makePrompt('ws', question), rationale, answer, data: { words } };
}

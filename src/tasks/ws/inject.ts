// One injected WS mistake. Three a careless sorter makes (a wrong letter, two groups swapped in an order step, two words
// swapped in the answer) and three a small model makes copying words (bench/RESULTS.md, "What the model gets wrong in
// word sorting"): a word miscopied in the order step, a tie word written twice, a word of the task's own text in
// place of a listed word. Steps after the mistake follow from it.

import type { WsProblem } from '../types';
import { type Rng, pick, randInt } from '../rng';
import type { Injected } from '../inject-types';
import { FINAL } from '../steps';
import { buckets, bucketText, itemText, lineText, wsPlan } from './problem';

/** Words of the WS prompt, steps and feedback: what the model writes when it loses track of a listed word. */
const OWN_WORDS = ['also', 'answer', 'are', 'correct', 'letter', 'order', 'step', 'list', 'words', 'sort', 'part', 'should', 'following'];

const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];

/** Neither equal to nor a prefix of another word, so the plan of a list holding it stays well defined. */
const fits = (w: string, others: readonly string[]) => others.every((o) => !o.startsWith(w) && !w.startsWith(o));

/** `w` with its tail changed as a copy goes wrong: a letter added, dropped or replaced after the first two. */
function miscopy(w: string, others: readonly string[], rng: Rng): string | null {
  for (let tries = 0; tries < 20; tries++) {
    const at = randInt(rng, 2, w.length - 1);
    const c = pick(rng, LETTERS);
    const kind = randInt(rng, 0, 2);
    const m = kind === 0 ? w + c : kind === 1 && w.length > 3 ? w.slice(0, at) + w.slice(at + 1) : w.slice(0, at) + c + w.slice(at + 1);
    if (m !== w && fits(m, others)) return m;
  }
  return null;
}

/** The gold text of the list with `from` written as `to` from step `fromLine` on (earlier lines stay gold). */
function substituted(words: readonly string[], from: string, to: string, fromLine: number): string[] {
  const gold = wsPlan(words).map(lineText);
  const wrong = wsPlan(words.map((w) => (w === from ? to : w))).map(lineText);
  return [...gold.slice(0, fromLine), ...wrong.slice(fromLine)];
}

/** The part of step (2) the critic quotes for `word`: its bucket, `(n)word` or `(n)[... word ...]`. */
function bucketOf(line: string, word: string): string {
  const parts = line.replace(/^\(2\) Order: /, '').replace(/\.$/, '').split(' < ');
  return parts.find((b) => b.replace(/^\(\d+\)\[?/, '').replace(/\]$/, '').split(' ').includes(word))!;
}

function miscopied(p: WsProblem, rng: Rng): Injected | null {
  const words = p.data.words;
  const w = pick(rng, words);
  const m = miscopy(w, words.filter((o) => o !== w), rng);
  if (m === null) return null;
  const lines = substituted(words, w, m, 1);
  return { attempt: lines.join('\n'), step: '2', segment: bucketOf(lines[1], m) };
}

function tieTwice(p: WsProblem): Injected | null {
  const groups = buckets(p.data.words, 1);
  const b = groups.find((x) => x.length > 1);
  if (b === undefined) return null;
  const n = bucketText([b[0]], 1);
  const order = groups.map((x) => (x === b ? x.map(() => n).join(' < ') : bucketText(x, 1)));
  const answer = [...p.data.words].map((w) => (b.includes(w) ? b[0] : w)).sort();
  const plan = wsPlan(p.data.words);
  const lines = [lineText(plan[0]), `(2) Order: ${order.join(' < ')}.`, `(${FINAL}) So the answer is: ${answer.join(' ')}.`];
  return { attempt: lines.join('\n'), step: '2', segment: n };
}

function ownWord(p: WsProblem, rng: Rng): Injected | null {
  const words = p.data.words;
  const w = pick(rng, words);
  const choices = OWN_WORDS.filter((v) => fits(v, words.filter((o) => o !== w)) && !words.includes(v));
  if (choices.length === 0) return null;
  const v = pick(rng, choices);
  const lines = substituted(words, w, v, 0);
  return { attempt: lines.join('\n'), step: '1', segment: itemText(v, 1) };
}

export function injectWs(p: WsProblem, rng: Rng): Injected {
  const kind = randInt(rng, 0, 5);
  const copying = kind === 3 ? miscopied(p, rng) : kind === 4 ? tieTwice(p) ?? miscopied(p, rng) : kind === 5 ? ownWord(p, rng) : null;
  return copying ?? careless(p, rng, kind);
}

/** Only the careless sorter's three mistakes, drawn as before the copying ones existed. */
export const injectWsCareless = (p: WsProblem, rng: Rng): Injected => careless(p, rng, randInt(rng, 0, 2));

function careless(p: WsProblem, rng: Rng, kind: number): Injected {
  const plan = wsPlan(p.data.words);
  const lines = plan.map(lineText);
  const orders = plan.flatMap((l, i) => (l.kind === 'order' && buckets(l.words, l.letter).length > 1 ? [i] : []));
  if (kind === 0 || kind > 2) {
    const i = pick(rng, plan.flatMap((l, j) => (l.kind === 'letters' ? [j] : [])));
    const l = plan[i] as Extract<(typeof plan)[number], { kind: 'letters' }>;
    const w = pick(rng, l.words);
    const good = w[l.letter - 1];
    const wrong = pick(rng, LETTERS.filter((c) => c !== good));
    const item = itemText(w, l.letter, wrong);
    const items = l.words.map((x) => (x === w ? item : itemText(x, l.letter)));
    lines[i] = `(${l.label}) By letter ${l.letter}: ${items.join(' ')}.`;
    return { attempt: lines.join('\n'), step: l.label, segment: item };
  }
  if (kind === 1 && orders.length > 0) {
    const i = pick(rng, orders);
    const l = plan[i] as Extract<(typeof plan)[number], { kind: 'order' }>;
    const bs = buckets(l.words, l.letter).map((b) => bucketText(b, l.letter));
    const j = randInt(rng, 1, bs.length - 1);
    [bs[j - 1], bs[j]] = [bs[j], bs[j - 1]];
    lines[i] = `(${l.label}) Order: ${bs.join(' < ')}.`;
    return { attempt: lines.join('\n'), step: l.label, segment: `${bs[j - 1]} < ${bs[j]}` };
  }
  const sorted = plan[plan.length - 1].words.slice();
  const j = randInt(rng, 1, sorted.length - 1);
  [sorted[j - 1], sorted[j]] = [sorted[j], sorted[j - 1]];
  lines[lines.length - 1] = `(${plan[plan.length - 1].label}) So the answer is: ${sorted.join(' ')}.`;
  return { attempt: lines.join('\n'), step: plan[plan.length - 1].label, segment: `${sorted[j - 1]} ${sorted[j]}` };
}

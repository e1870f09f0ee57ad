// LD problems: a hidden order, clues added until it is the only order left, options about one place.

import type { LdClue, LdProblem, Split } from '../types';
import type { Level } from '../level';
import { type Rng, pick, randInt, shuffle } from '../rng';
import { makePrompt } from '../prompt';
import { FINAL } from '../steps';

export const LETTERS = 'ABCDEFG';
const NAMES = ['Amy', 'Eli', 'Eve', 'Ana', 'Dan', 'Rob', 'Joe', 'Mya', 'Ada', 'Mel', 'Ron', 'Tom', 'Sam', 'Kim'];
const COLORS = ['red', 'gray', 'white', 'green', 'blue', 'black', 'brown', 'orange', 'purple', 'yellow'];
const COUNT = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven'];
const ORD = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh'];

/** How a frame words a place: golf counts from the top, the shelf from the left. */
function placePhrase(frame: LdProblem['data']['frame'], position: number, n: number): string {
  const k = n - position + 1;
  if (frame === 'golf') return position <= Math.ceil(n / 2) ? ORD[position] : k === 1 ? 'last' : `${ORD[k]}-to-last`;
  if (position === 1) return 'the leftmost';
  if (k === 1) return 'the rightmost';
  return position <= Math.ceil(n / 2) ? `the ${ORD[position]} from the left` : `the ${ORD[k]} from the right`;
}

export function statement(frame: LdProblem['data']['frame'], x: string, position: number, n: number): string {
  const place = placePhrase(frame, position, n);
  return frame === 'golf' ? `${x} finished ${place}` : `The ${x} book is ${place}`;
}

/** A clue before it is worded. */
type ClueSpec = { kind: 'before'; a: string; b: string } | { kind: 'at'; a: string; position: number; fromEnd: boolean };

function clueFor(frame: LdProblem['data']['frame'], c: ClueSpec, n: number, flip = false): LdClue {
  if (c.kind === 'at') return { ...c, text: `${statement(frame, c.a, c.position, n)}.` };
  const text =
    frame === 'golf'
      ? flip ? `${c.b} finished below ${c.a}.` : `${c.a} finished above ${c.b}.`
      : flip ? `The ${c.b} book is to the right of the ${c.a} book.` : `The ${c.a} book is to the left of the ${c.b} book.`;
  return { ...c, text };
}

/** The clue as a first-to-last pattern: `?? a ?? b ??`, `? ? a ??`, `?? a ?`. */
export function pattern(c: LdClue, n: number): string {
  if (c.kind === 'before') return `?? ${c.a} ?? ${c.b} ??`;
  const k = n - c.position + 1;
  if (c.fromEnd) return ['??', c.a, ...Array(k - 1).fill('?')].join(' ');
  return [...Array(c.position - 1).fill('?'), c.a, '??'].join(' ');
}

export function holds(c: LdClue, order: readonly string[]): boolean {
  if (c.kind === 'before') return order.indexOf(c.a) < order.indexOf(c.b);
  return order.indexOf(c.a) === c.position - 1;
}

function permutations(items: string[]): string[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]));
}

function randomClue(rng: Rng, frame: LdProblem['data']['frame'], order: string[]): LdClue {
  const n = order.length;
  if (rng() < 0.7) {
    const [i, j] = shuffle(rng, order.map((_, k) => k)).slice(0, 2).sort((x, y) => x - y);
    return clueFor(frame, { kind: 'before', a: order[i], b: order[j] }, n, rng() < 0.5);
  }
  const position = randInt(rng, 1, n);
  return clueFor(frame, { kind: 'at', a: order[position - 1], position, fromEnd: position > Math.ceil(n / 2) }, n);
}

/** Clues in question order until one order is left; the best of 3 random clues each time keeps the list short. */
function cluesFor(rng: Rng, frame: LdProblem['data']['frame'], order: string[]): LdClue[] {
  let left = permutations(order);
  const clues: LdClue[] = [];
  while (left.length > 1) {
    const options = [0, 1, 2].map(() => {
      const clue = randomClue(rng, frame, order);
      return { clue, kept: left.filter((p) => holds(clue, p)) };
    });
    const best = options.reduce((a, b) => (b.kept.length < a.kept.length ? b : a));
    if (best.kept.length < left.length) {
      clues.push(best.clue);
      left = best.kept;
    }
  }
  return clues;
}

export const combineBody = (order: readonly string[]) => `All together: "${order.join(' ')}".`;

/** Step lines; `order` and `chosen` let an injected mistake flow on to the final response. */
export function ldSteps(data: LdProblem['data'], order = data.order, chosen?: number): string[] {
  const n = data.objects.length;
  const lines = data.clues.map((c, i) => `(${i + 1}) ${c.text.slice(0, -1)}: "${pattern(c, n)}".`);
  lines.push(`(${data.clues.length + 1}) ${combineBody(order)}`);
  const pick = chosen ?? data.objects.indexOf(order[data.position - 1]);
  lines.push(`(${FINAL}) ${data.options[pick]}. So the answer is (${LETTERS[pick]}).`);
  return lines;
}

/** Objects per problem, each choice equally likely, per level and split. */
export const LD_LEVELS: Record<Level, Record<Split, number[]>> = {
  easy: { seen: [3], unseen: [4] },
  quick: { seen: [3, 4], unseen: [5] },
  paper: { seen: [3, 5], unseen: [7] },
};

export function generateLd(rng: Rng, split: Split, id: string, level: Level = 'paper'): LdProblem {
  const counts = LD_LEVELS[level][split];
  // A single choice draws nothing, as the paper level's unseen split always did.
  const n = counts.length === 1 ? counts[0] : pick(rng, counts);
  const frame = rng() < 0.5 ? 'golf' : 'shelf';
  const objects = shuffle(rng, frame === 'golf' ? NAMES : COLORS).slice(0, n);
  const order = shuffle(rng, objects);
  const clues = cluesFor(rng, frame, order);
  const position = randInt(rng, 1, n);
  const options = objects.map((x) => statement(frame, x, position, n));
  const answerIndex = objects.indexOf(order[position - 1]);
  const data = { frame, objects, order, clues, position, options, answerIndex } as LdProblem['data'];
  const list = frame === 'golf' ? objects : objects.map((x) => `a ${x} book`);
  const listText = `${list.slice(0, -1).join(', ')}, and ${list[n - 1]}`;
  const intro = frame === 'golf' ? `In a golf tournament, there were ${COUNT[n]} golfers: ${listText}.` : `On a shelf, there are ${COUNT[n]} books: ${listText}.`;
  const opts = options.map((o, i) => `(${LETTERS[i]}) ${o}`).join('\n');
  const question = `${[intro, ...clues.map((c) => c.text)].join(' ')}\nOptions:\n${opts}`;
  const rationale = ldSteps(data).join('\n');
  return { id, task: 'ld', split, question, prompt: makePrompt('ld', question), rationale, answer: `(${LETTERS[answerIndex]})`, data };
}

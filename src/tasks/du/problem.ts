// DU problems: an anchor fixes today, events chain from it, the question asks for the last date.

import type { DuEvent, DuProblem, Split } from '../types';
import type { Level } from '../level';
import { type Rng, pick, randInt, shuffle } from '../rng';
import { makePrompt } from '../prompt';
import { FINAL } from '../steps';
import { mdy, parseMdy, spelled, toDays } from './dates';

export const LETTERS = 'ABCDEFG';
const NAMES = ['party', 'exam', 'trip', 'concert', 'meeting', 'game', 'wedding', 'show'];

/** Events (reasoning steps after today) per split, [lo, hi], and the longest offset in days, per level. */
export const DU_LEVELS: Record<Level, { seen: [number, number]; unseen: [number, number]; maxDays: number }> = {
  easy: { seen: [1, 1], unseen: [2, 2], maxDays: 7 },
  quick: { seen: [1, 1], unseen: [2, 2], maxDays: 14 },
  paper: { seen: [1, 1], unseen: [2, 3], maxDays: 30 },
};

function randomOffset(rng: Rng, maxDays: number): { offset: number; phrase: string } {
  const weeks = rng() < 0.3;
  const n = weeks ? randInt(rng, 1, Math.max(1, Math.floor(maxDays / 7))) : randInt(rng, 1, maxDays);
  const after = rng() < 0.5;
  const unit = weeks ? (n === 1 ? 'week' : 'weeks') : n === 1 ? 'day' : 'days';
  return { offset: (after ? 1 : -1) * n * (weeks ? 7 : 1), phrase: `${n} ${unit} ${after ? 'after' : 'before'}` };
}

export const fromText = (e: DuEvent) => (e.from === 'today' ? 'today' : `the ${e.from}`);

/** Day numbers: today (index 0), then each event; `wrong` shifts the date of step `step` (1-based). */
export function duDates(data: DuProblem['data'], wrong?: { step: number; delta: number }): number[] {
  const shift = (step: number) => (wrong?.step === step ? wrong.delta : 0);
  const dates = [parseMdy(data.today)! + shift(1)];
  const byName = new Map<string, number>([['today', dates[0]]]);
  data.events.forEach((e, i) => {
    const d = byName.get(e.from)! + e.offset + shift(i + 2);
    byName.set(e.name, d);
    dates.push(d);
  });
  return dates;
}

export function anchorStep(data: DuProblem['data'], today: number): string {
  const a = data.anchor;
  if (a.kind === 'today') return `Today is ${mdy(today)}.`;
  const verb = a.kind === 'yesterday' ? 'yesterday was' : 'tomorrow is';
  return `If ${verb} ${a.text}, then today is ${mdy(today)}.`;
}

export function eventStep(e: DuEvent, date: number, last: boolean): string {
  return last ? `The date ${e.phrase} ${fromText(e)} is ${mdy(date)}.` : `The ${e.name} is ${e.phrase} ${fromText(e)}, so it is ${mdy(date)}.`;
}

/** The step lines; with `wrong`, one wrong date and everything after it following from it. */
export function duSteps(data: DuProblem['data'], wrong?: { step: number; delta: number }, letter?: string): string[] {
  const dates = duDates(data, wrong);
  const lines = [`(1) ${anchorStep(data, dates[0])}`];
  data.events.forEach((e, i) => lines.push(`(${i + 2}) ${eventStep(e, dates[i + 1], i === data.events.length - 1)}`));
  const found = data.options.indexOf(mdy(dates[dates.length - 1]));
  const chosen = letter ?? LETTERS[found >= 0 ? found : data.answerIndex];
  lines.push(`(${FINAL}) So the answer is (${chosen}).`);
  return lines;
}

function distractors(rng: Rng, answer: number, today: number): number[] {
  const pool = [answer + 1, answer - 1, answer + 7, answer - 7, answer + 30, answer - 30, answer + 365, answer - 365, today, answer + 2];
  const out = new Set<number>();
  for (const d of shuffle(rng, pool)) if (d !== answer && out.size < 5) out.add(d);
  return [...out];
}

export function generateDu(rng: Rng, split: Split, id: string, level: Level = 'paper'): DuProblem {
  const shape = DU_LEVELS[level];
  const today = toDays({ y: randInt(rng, 1950, 2030), m: 1, d: 1 }) + randInt(rng, 0, 364);
  const kind = pick(rng, ['today', 'yesterday', 'tomorrow'] as const);
  const anchorDay = today + (kind === 'yesterday' ? -1 : kind === 'tomorrow' ? 1 : 0);
  const anchor = { kind, date: mdy(anchorDay), text: rng() < 0.5 ? mdy(anchorDay) : spelled(anchorDay) };
  // The seen split draws no count (one form), as before levels existed.
  const [lo, hi] = shape[split];
  const nEvents = split === 'seen' ? lo : randInt(rng, lo, hi);
  const names = shuffle(rng, NAMES);
  const events: DuEvent[] = [];
  for (let i = 0; i < nEvents; i++) {
    const from = i === 0 ? 'today' : events[i - 1].name;
    events.push({ name: i === nEvents - 1 ? '' : names[i], from, ...randomOffset(rng, shape.maxDays) });
  }
  const data = { anchor, today: mdy(today), events, options: [] as string[], answerIndex: 0 };
  const answerDay = duDates(data).pop()!;
  const options = shuffle(rng, [answerDay, ...distractors(rng, answerDay, today)]).map(mdy);
  data.options = options;
  data.answerIndex = options.indexOf(mdy(answerDay));
  const said = kind === 'today' ? 'Today is' : kind === 'yesterday' ? 'Yesterday was' : 'Tomorrow is';
  const facts = events.slice(0, -1).map((e) => `The ${e.name} is ${e.phrase} ${fromText(e)}.`);
  const last = events[events.length - 1];
  const ask = `What is the date ${last.phrase} ${fromText(last)} in MM/DD/YYYY?`;
  const opts = options.map((o, i) => `(${LETTERS[i]}) ${o}`).join('\n');
  const question = [`${said} ${anchor.text}.`, ...facts, ask].join(' ') + `\nOptions:\n${opts}`;
  const answer = `(${LETTERS[data.answerIndex]})`;
  const rationale = duSteps(data).join('\n');
  return { id, task: 'du', split, question, prompt: makePrompt('du', question), rationale, answer, data };
}

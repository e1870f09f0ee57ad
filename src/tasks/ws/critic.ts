// WS scripted feedback: letters and positions, missing/duplicate/unknown words, tie groups, order, answer.

import type { Feedback, WsProblem } from '../types';
import { FINAL, type Step, parseAttempt } from '../steps';
import { errorAt } from '../feedback';
import { type WsLine, pos, wsPlan } from './problem';

type Flaw = { segment: string; reason: string } | null;

/** Unknown, duplicated or missing words; `found` pairs each word with the text to quote for it. */
function checkWords(found: { word: string; seg: string }[], expected: readonly string[], all: readonly string[], body: string): Flaw {
  const seen = new Set<string>();
  for (const { word, seg } of found) {
    if (!expected.includes(word)) {
      const why = all.includes(word) ? `"${word}" is not one of the words sorted here` : `"${word}" is not in the list`;
      return { segment: seg, reason: why };
    }
    if (seen.has(word)) return { segment: seg, reason: `"${word}" appears twice` };
    seen.add(word);
  }
  const missing = expected.find((w) => !seen.has(w));
  return missing ? { segment: body, reason: `"${missing}" is missing` } : null;
}

function checkLetters(g: Extract<WsLine, { kind: 'letters' }>, body: string, all: readonly string[]): Flaw {
  const m = /^By letter (\d+): (.*)\.$/.exec(body);
  if (!m) return { segment: body, reason: `step (${g.label}) should give letter ${g.letter} of each word` };
  const n = Number(m[1]);
  if (n !== g.letter) {
    const why = g.label === '1' ? 'the first step looks at letter 1' : n < g.letter ? `these words all have the same letter ${n}` : `these words already differ at letter ${g.letter}`;
    return { segment: `By letter ${m[1]}`, reason: why };
  }
  const items = m[2].split(' ');
  for (const item of items) {
    if (!/^[a-z]+=[a-z]\(\d+\)$/.test(item)) return { segment: item, reason: 'each word should look like word=letter(position)' };
  }
  const parsed = items.map((item) => /^([a-z]+)=([a-z])\((\d+)\)$/.exec(item)!);
  const words = checkWords(parsed.map((p) => ({ word: p[1], seg: p[0] })), g.words, all, body);
  if (words) return words;
  for (const [item, w, c, k] of parsed) {
    const want = w[n - 1];
    if (c !== want) return { segment: item, reason: `letter ${n} of "${w}" is "${want}"` };
    if (Number(k) !== pos(c)) return { segment: item, reason: `"${c}" is letter ${pos(c)} of the alphabet` };
  }
  return null;
}

const BUCKET = /^\((\d+)\)(?:\[([a-z]+(?: [a-z]+)*)\]|([a-z]+))$/;

function checkOrder(g: Extract<WsLine, { kind: 'order' }>, body: string, all: readonly string[], from: string): Flaw {
  const m = /^Order: (.*)\.$/.exec(body);
  if (!m) return { segment: body, reason: `step (${g.label}) should order the words by letter ${g.letter}` };
  const texts = m[1].split(' < ');
  const bad = texts.find((t) => !BUCKET.test(t));
  if (bad !== undefined) return { segment: bad, reason: 'each part should look like (n)word or (n)[word word]' };
  const bs = texts.map((t) => {
    const b = BUCKET.exec(t)!;
    return { text: t, n: Number(b[1]), words: (b[2] ?? b[3]).split(' ') };
  });
  const found = bs.flatMap((b) => b.words.map((word) => ({ word, seg: b.text })));
  const words = checkWords(found, g.words, all, body);
  if (words) return words;
  const letterOf = (w: string) => w[g.letter - 1];
  const owner = new Map<string, number>();
  for (let j = 0; j < bs.length; j++) {
    const b = bs[j];
    const c = letterOf(b.words[0]);
    const other = b.words.find((w) => letterOf(w) !== c);
    if (other) return { segment: b.text, reason: `"${b.words[0]}" and "${other}" have different letters in step (${from})` };
    if (b.n !== pos(c)) return { segment: b.text, reason: `"${b.words[0]}" has "${c}" (${pos(c)}) in step (${from})` };
    if (owner.has(c)) {
      const first = bs[owner.get(c)!].words[0];
      return { segment: b.text, reason: `"${first}" and "${b.words[0]}" both have (${b.n}) and belong together` };
    }
    owner.set(c, j);
    if (j > 0 && b.n < bs[j - 1].n) {
      return { segment: `${bs[j - 1].text} < ${b.text}`, reason: `using step (${from}), words with (${b.n}) should come before words with (${bs[j - 1].n})` };
    }
  }
  return null;
}

function checkFinal(g: Extract<WsLine, { kind: 'final' }>, body: string, all: readonly string[]): Flaw {
  const m = /^So the answer is: ([a-z]+(?: [a-z]+)*)\.$/.exec(body);
  if (!m) return { segment: body, reason: 'the final response should be "So the answer is:" and the sorted words' };
  const got = m[1].split(' ');
  const words = checkWords(got.map((word) => ({ word, seg: `the answer is: ${m[1]}` })), g.words, all, body);
  if (words) return words;
  const j = got.findIndex((w, i) => w !== g.words[i]);
  if (j < 0) return null;
  return { segment: `${got[j]} ${got[j + 1]}`, reason: `by the steps above, "${g.words[j]}" comes before "${got[j]}"` };
}

function structureFlaw(g: WsLine, s: Step): Flaw {
  if (g.kind === 'final') return { segment: s.line, reason: 'every group is sorted by now, so the final response comes next' };
  const what = g.kind === 'order' ? `the order by letter ${g.letter}` : `sorting ${g.words.map((w) => `"${w}"`).join(', ')} by letter ${g.letter}`;
  return { segment: s.line, reason: `step (${g.label}) should come next, ${what}` };
}

/** Feedback on a WS attempt; never throws. */
export function wsFeedback(p: WsProblem, attempt: string): Feedback {
  const parsed = parseAttempt(attempt, true);
  if (!parsed.ok) return { kind: 'format', reason: parsed.reason };
  const steps = parsed.steps;
  const plan = wsPlan(p.data.words);
  const all = p.data.words;
  for (let i = 0; i < steps.length; i++) {
    const g = plan[i];
    const s = steps[i];
    let flaw: Flaw;
    if (g === undefined || s.label !== g.label) flaw = structureFlaw(g ?? plan[plan.length - 1], s);
    else if (g.kind === 'letters') flaw = checkLetters(g, s.body, all);
    else if (g.kind === 'order') flaw = checkOrder(g, s.body, all, plan[i - 1].label);
    else flaw = checkFinal(g, s.body, all);
    if (flaw) return errorAt(steps, i, flaw.segment, flaw.reason);
  }
  return steps[steps.length - 1].label === FINAL ? { kind: 'correct' } : { kind: 'format', reason: 'the final response is missing' };
}


import { describe, expect, it } from 'vitest';
import { evalExpr, evalLeftToRight, parseExpr, printExpr, reductionChain } from '../../../src/tasks/msa/expr';
import { fromDays, mdy, parseMdy, spelled, toDays } from '../../../src/tasks/du/dates';
import { WORDS, extractAnswer, generateProblems, mulberry32, mixSeed } from '../../../src/tasks/index';

describe('MSA expressions', () => {
  it('parse, evaluate with precedence, and print back', () => {
    const e = parseExpr('(-9 + -6 + 8 * 1)')!;
    expect(printExpr(e)).toBe('(-9 + -6 + 8 * 1)');
    expect(evalExpr(e)).toBe(-7);
    expect(evalLeftToRight(parseExpr('(-15 + 8 * 1)')!)).toBe(-7);
    expect(evalLeftToRight(parseExpr('(2 + 3 * 4)')!)).toBe(20);
    expect(evalExpr(parseExpr('((-7 * -21) - 5)')!)).toBe(142);
    expect(parseExpr('-15 + 8')).not.toBeNull();
    for (const bad of ['', '(1 +', '(1 + 2))', '1 + + 2', 'A', '(1 2)']) expect(parseExpr(bad)).toBeNull();
  });

  it('reduce one operation per link, * first, inner brackets first', () => {
    expect(reductionChain(parseExpr('(-9 + -6 + 8 * 1)')!).map(printExpr)).toEqual(['(-9 + -6 + 8 * 1)', '(-9 + -6 + 8)', '(-15 + 8)', '-7']);
    expect(reductionChain(parseExpr('((-7 * -21) - 5)')!).map(printExpr)).toEqual(['((-7 * -21) - 5)', '(147 - 5)', '142']);
  });
});

describe('dates', () => {
  it('round-trip day numbers across leap years and centuries', () => {
    expect(toDays({ y: 1970, m: 1, d: 1 })).toBe(0);
    for (let d = toDays({ y: 1899, m: 12, d: 25 }); d < toDays({ y: 2101, m: 1, d: 5 }); d += 37) expect(toDays(fromDays(d))).toBe(d);
    expect(mdy(toDays({ y: 2000, m: 2, d: 28 }) + 1)).toBe('02/29/2000');
    expect(mdy(toDays({ y: 1900, m: 2, d: 28 }) + 1)).toBe('03/01/1900');
    expect(spelled(toDays({ y: 1958, m: 1, d: 2 }))).toBe('Jan 2, 1958');
    expect(parseMdy('02/30/2001')).toBeNull();
    expect(parseMdy('12/31/1929')).toBe(toDays({ y: 1929, m: 12, d: 31 }));
  });
});

describe('answers and words', () => {
  it('extract the answer of each task from the last "the answer is" line', () => {
    expect(extractAnswer('msa', '(4) x.\n(Final response) So the answer is -73.')).toBe('-73');
    expect(extractAnswer('ws', '(Final response) So the answer is: a bc d.')).toBe('a bc d');
    expect(extractAnswer('du', '(Final response) So the answer is (D).')).toBe('(D)');
    expect(extractAnswer('ld', '(Final response) Eve finished first. So the answer is (G).')).toBe('(G)');
    expect(extractAnswer('msa', 'no answer here')).toBeNull();
    expect(extractAnswer('du', 'So the answer is (Z).')).toBeNull();
  });

  it('ship a few thousand distinct lowercase words', () => {
    expect(WORDS.length).toBeGreaterThan(2000);
    expect(WORDS.length).toBeLessThanOrEqual(3000);
    expect(new Set(WORDS).size).toBe(WORDS.length);
    for (const w of WORDS) expect(w).toMatch(/^[a-z]{2,}$/);
  });

  it('WS lists hold distinct words, none a prefix of another', () => {
    for (const p of generateProblems('ws', 'unseen', 50, 5)) {
      if (p.task !== 'ws') continue;
      for (const a of p.data.words) for (const b of p.data.words) if (a !== b) expect(b.startsWith(a)).toBe(false);
    }
  });

  it('seeds mix into distinct streams', () => {
    expect(mulberry32(mixSeed(1, 2))()).not.toBe(mulberry32(mixSeed(2, 1))());
  });
});

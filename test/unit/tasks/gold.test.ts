import { describe, expect, it } from 'vitest';
import {
  TASK_ALPHABET,
  charsOutsideAlphabet,
  extractAnswer,
  generateProblems,
  isCorrectAnswer,
  makePrompt,
  scriptedFeedback,
} from '../../../src/tasks/index';
import { COMBOS, problemsFor } from './helpers';

describe.each(COMBOS)('%s %s gold rationales', (task, split) => {
  const problems = problemsFor(task, split);

  it('are judged correct and their answer extracts and matches', () => {
    for (const p of problems) {
      expect(scriptedFeedback(p, p.rationale), p.id).toEqual({ kind: 'correct' });
      expect(extractAnswer(task, p.rationale), p.id).toBe(p.answer);
      expect(isCorrectAnswer(p, p.rationale)).toBe(true);
    }
  });

  it('have the prompt `Q: {question}\\nAnswer:{info}` and end with the final response', () => {
    for (const p of problems) {
      expect(p.prompt).toBe(makePrompt(task, p.question));
      const lines = p.rationale.split('\n');
      expect(lines[0].startsWith('(1) ')).toBe(true);
      expect(lines[lines.length - 1]).toMatch(/^\(Final response\) (.*\. )?So the answer is/);
    }
  });

  it('use only characters of the tokenizer alphabet', () => {
    for (const p of problems) expect(charsOutsideAlphabet(`${p.prompt}\n${p.rationale}`), p.id).toEqual([]);
  });

  it('are plain JSON (IndexedDB-safe) and deterministic per seed', () => {
    const again = generateProblems(task, split, 20, 2);
    expect(again).toEqual(generateProblems(task, split, 20, 2));
    expect(JSON.parse(JSON.stringify(again))).toEqual(again);
    expect(new Set(again.map((p) => p.id)).size).toBe(20);
    const other = generateProblems(task, split, 20, 3);
    expect(other.map((p) => p.question)).not.toEqual(again.map((p) => p.question));
  });

  it('do not accept a wrong final answer', () => {
    for (const p of problems.slice(0, 40)) {
      const wrong = p.rationale.replace(/the answer is.*$/, 'the answer is: nothing.');
      expect(isCorrectAnswer(p, wrong)).toBe(false);
      expect(scriptedFeedback(p, wrong).kind).toBe('error');
    }
  });
});

describe('splits', () => {
  it.each(['msa', 'ws', 'du', 'ld'] as const)('unseen %s problems are longer than seen ones on average', (task) => {
    const mean = (split: 'seen' | 'unseen') => {
      const ps = problemsFor(task, split);
      return ps.reduce((s, p) => s + p.prompt.length + p.rationale.length, 0) / ps.length;
    };
    expect(mean('unseen')).toBeGreaterThan(mean('seen') * 1.1);
  });

  it('follow the difficulty table of DESIGN.md §4', () => {
    for (const p of problemsFor('msa', 'seen')) {
      if (p.task !== 'msa') continue;
      expect(p.data.groups).toHaveLength(2);
      for (const g of p.data.groups) expect(g.split(/ [-+*] /).length).toBeGreaterThanOrEqual(3);
      for (const g of p.data.groups) expect(g.split(/ [-+*] /).length).toBeLessThanOrEqual(4);
    }
    for (const p of problemsFor('msa', 'unseen')) {
      if (p.task !== 'msa') continue;
      const sizes = p.data.groups.map((g) => g.split(/ [-+*] /).length);
      expect(p.data.groups.length === 3 || sizes.every((s) => s >= 5 && s <= 6)).toBe(true);
    }
    for (const p of problemsFor('ws', 'seen')) if (p.task === 'ws') expect(p.data.words.length).toBeLessThanOrEqual(7);
    for (const p of problemsFor('ws', 'unseen')) if (p.task === 'ws') expect(p.data.words.length).toBeGreaterThanOrEqual(8);
    for (const p of problemsFor('du', 'seen')) if (p.task === 'du') expect(p.rationale.split('\n').length - 1).toBeLessThanOrEqual(2);
    for (const p of problemsFor('du', 'unseen')) if (p.task === 'du') expect(p.rationale.split('\n').length - 1).toBeGreaterThanOrEqual(3);
    for (const p of problemsFor('ld', 'seen')) if (p.task === 'ld') expect([3, 5]).toContain(p.data.objects.length);
    for (const p of problemsFor('ld', 'unseen')) if (p.task === 'ld') expect(p.data.objects.length).toBe(7);
  });

  it('the alphabet is printable ASCII plus newline', () => {
    expect(TASK_ALPHABET).toHaveLength(96);
    expect(new Set(TASK_ALPHABET).size).toBe(96);
  });
});

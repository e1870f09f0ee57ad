// The task tokenizer: exact round trips on every task text and on any LLM text, the cuts it promises (words,
// numbers, punctuation with its space), head/tail encoding as training does it, serialisation, the shipped word list.
import { describe, expect, it } from 'vitest';
import { TaskTokenizer, createTaskTokenizer, tokenizerFor, TASK_WORDS, type NumberMode } from '../../../src/tokenizers';
import { DEFAULT_MAX_WHOLE } from '../../../src/tokenizers/task';
import { deserializeTokenizer, taskTokenizer } from '../../../src/engine/tokenizer';
import { taskCorpus, taskLanguageWords } from '../../../src/tasks/corpus';
import {
  FEEDBACK_MARK,
  LEVELS,
  SPLITS,
  TASK_ALPHABET,
  TASK_IDS,
  countSteps,
  generateProblems,
  injectError,
  mixSeed,
  mulberry32,
  renderFeedback,
  renderTrajectory,
  scriptedFeedback,
  type Level,
  type Problem,
  type Split,
  type TaskId,
} from '../../../src/tasks/index';
import { fewShotExamples, feedbackMessages, improveMessages } from '../../../src/llm';
import { tokenizeExample } from '../../../src/tripost/batches';

const MODES: NumberMode[] = ['whole', 'digits'];
const TOK: Record<NumberMode, TaskTokenizer> = { whole: createTaskTokenizer('whole'), digits: createTaskTokenizer('digits') };

/** Token texts of an encoding, for readable expectations. */
const pieces = (t: TaskTokenizer, text: string) => Array.from(t.encode(text), (id) => t.tokenText(id));
const isByte = (s: string) => /^<0x[0-9A-F]{2}>$/.test(s);

/** One problem's texts: the gold answer, an attempt with one mistake, the script's feedback on both. */
interface Texts {
  problem: Problem;
  gold: string;
  /** A two-turn trajectory in the training format: wrong attempt, feedback, updated (gold) answer, feedback. */
  trajectory: string;
}

const cache = new Map<string, Texts[]>();
function textsFor(task: TaskId, level: Level, split: Split, n = 40): Texts[] {
  const key = `${task}/${level}/${split}`;
  if (!cache.has(key)) {
    const texts = generateProblems(task, split, n, 5, level).map((p, i) => {
      const wrong = injectError(p, mulberry32(mixSeed(3, i))).attempt;
      const trajectory = renderTrajectory({
        prompt: p.prompt,
        turns: [
          { attempt: wrong, feedback: scriptedFeedback(p, wrong) },
          { attempt: p.rationale, feedback: scriptedFeedback(p, p.rationale) },
        ],
      });
      return { problem: p, gold: `${p.prompt}\n${p.rationale}`, trajectory };
    });
    cache.set(key, texts);
  }
  return cache.get(key)!;
}

const CASES: [TaskId, Level][] = TASK_IDS.flatMap((t) => LEVELS.map((l) => [t, l] as [TaskId, Level]));

describe.each(CASES)('%s at the %s level', (task, level) => {
  it('round-trips gold answers, injected mistakes and their scripted feedback exactly, in both number modes', () => {
    for (const split of SPLITS) {
      for (const { problem, gold, trajectory } of textsFor(task, level, split)) {
        // The trajectory really holds an error feedback and a correct one (so the feedback wording is covered).
        expect(trajectory).toContain('is incorrect. This is because');
        expect(trajectory).toContain('The final response is also correct.');
        const feedbackLine = `Feedback: ${renderFeedback(scriptedFeedback(problem, problem.rationale), countSteps(problem.rationale))}`;
        for (const mode of MODES) {
          const t = TOK[mode];
          for (const text of [gold, trajectory, feedbackLine]) {
            const ids = t.encode(text);
            expect(t.decode(ids), `${mode} ${problem.id}`).toBe(text);
            // Task text stays inside the alphabet, so no byte fallback is ever needed for it.
            expect(Array.from(ids).some((id) => isByte(t.tokenText(id))), problem.id).toBe(false);
          }
        }
      }
    }
  });

  it('is shorter than the character tokenization on every problem', () => {
    const chars = taskTokenizer();
    for (const split of SPLITS) {
      for (const { problem, trajectory } of textsFor(task, level, split)) {
        for (const mode of MODES) expect(TOK[mode].encode(trajectory).length, `${mode} ${problem.id}`).toBeLessThan(chars.encode(trajectory).length);
      }
    }
  });

  it('encodes head and tail apart exactly as the whole text, cut where training cuts (at the first feedback)', () => {
    for (const split of SPLITS) {
      for (const { trajectory } of textsFor(task, level, split).slice(0, 10)) {
        const at = trajectory.indexOf(FEEDBACK_MARK);
        expect(at).toBeGreaterThan(0);
        for (const mode of MODES) {
          const t = TOK[mode];
          const whole = Array.from(t.encode(trajectory));
          // b starts with '\n' (cut before the mark) and, as postprocess does (weightFrom = at + 1), a ends with it.
          for (const cut of [at, at + 1]) {
            expect([...t.encode(trajectory.slice(0, cut)), ...t.encode(trajectory.slice(cut))]).toEqual(whole);
          }
          // Every line break is such a cut.
          const lines = trajectory.split('\n');
          expect(lines.flatMap((l, i) => [...(i ? t.encode('\n') : []), ...t.encode(l)])).toEqual(whole);
          // And training's own tokenizeExample gives BOS, the whole text's ids, EOS.
          const ex = tokenizeExample({ kind: 'improvement', text: trajectory, weightFrom: at + 1, trajectoryId: null }, t, 0.5);
          expect(Array.from(ex.tokens)).toEqual([t.bos, ...whole, t.eos]);
        }
      }
    }
  });
});

describe('sequence length against characters', () => {
  it.each(['msa', 'ws', 'du', 'ld'] as const)('%s at the quick level is at least 1.4x shorter on average', (task) => {
    const chars = taskTokenizer();
    for (const mode of MODES) {
      let nChars = 0;
      let nTokens = 0;
      for (const split of SPLITS) {
        for (const { gold } of textsFor(task, 'quick', split)) {
          nChars += chars.encode(gold).length;
          nTokens += TOK[mode].encode(gold).length;
        }
      }
      expect(nChars / nTokens, mode).toBeGreaterThanOrEqual(1.4);
    }
  });
});

describe('text outside the task alphabet (an LLM critic\'s free-form feedback)', () => {
  const FREE = [
    'Feedback: Étape (2) est incorrecte — le résultat devrait être −6, pas 6.',
    'Feedback: 👍 Step (1) is correct. In step (2) the part "(-15 + 8) = -6" is incorrect. 🤔',
    '反馈：第（2）步不正确。日本語もどうぞ。',
    'Feedback:\tStep (1) is correct.\r\nIn step (2)\tthe part "x" is incorrect.\r\n',
    'naïve café façade São Paulo Zürich “quotes” ‘single’ … ½ × ÷ ≠ ≤ ∑',
    '\u00a0non-breaking\u00a0spaces\u200band a zero-width one',
  ];

  it('round-trips exactly in both modes', () => {
    for (const mode of MODES) for (const text of FREE) expect(TOK[mode].decode(TOK[mode].encode(text)), `${mode} ${text}`).toBe(text);
  });

  it('spells those characters as their UTF-8 bytes, in the id range between the alphabet and the merged tokens', () => {
    const t = TOK.whole;
    const all = Array.from({ length: t.vocabSize }, (_, id) => id);
    const byteIds = all.filter((id) => isByte(t.tokenText(id)));
    expect(byteIds.length).toBe(256);
    const lo = byteIds[0];
    expect(byteIds[255]).toBe(lo + 255); // contiguous
    const alphabetIds = [...TASK_ALPHABET].map((ch) => {
      const ids = t.encode(ch);
      expect(ids.length).toBe(1);
      return ids[0];
    });
    expect(Math.max(...alphabetIds)).toBeLessThan(lo);
    // Everything past the bytes is a merged token (two or more characters).
    for (let id = lo + 256; id < t.vocabSize; id++) expect([...t.tokenText(id)].length, `id ${id}`).toBeGreaterThanOrEqual(2);

    const cases: [string, number[]][] = [
      ['é', [0xc3, 0xa9]],
      ['😀', [0xf0, 0x9f, 0x98, 0x80]],
      ['中', [0xe4, 0xb8, 0xad]],
      ['\t', [0x09]],
      ['\r', [0x0d]],
    ];
    for (const [ch, bytes] of cases) expect(Array.from(t.encode(ch))).toEqual(bytes.map((b) => lo + b));
    expect(pieces(t, 'caf\u00e9\r\n')).toEqual(['c', 'a', 'f', '<0xC3>', '<0xA9>', '<0x0D>', '\n']);
    // An emoji inside task text: the task tokens around it are unchanged.
    expect(pieces(t, 'So the answer is 16. 👍')).toEqual(['So', ' the', ' answer', ' is', ' 16', '.', ' ', '<0xF0>', '<0x9F>', '<0x91>', '<0x8D>']);
  });

  it('round-trips the texts of the LLM critic\'s tests and prompts', () => {
    const texts: string[] = ['Looks mostly fine to me!', 'no idea', 'Here is my verdict.'];
    const line = 'Step (1) is correct. In step (2) the part "A + 1 = 4" is incorrect. This is because 2 + 1 is 3.';
    texts.push(`Feedback: ${line}`, `Sure!\n\n**Feedback:** ${line}`, '```\nFeedback: ' + line + '\n```');
    for (const task of TASK_IDS) {
      const shots = fewShotExamples(task);
      for (const s of shots) {
        texts.push(`Here is my verdict.\nFeedback: ${renderFeedback(s.feedback, countSteps(s.attempt))}`);
        if (s.improved) texts.push(`Updated Answer: Let's think step by step.\n${s.improved}`);
      }
      const probe = shots[0];
      for (const m of feedbackMessages(task, shots, probe.problem, probe.attempt)) texts.push(m.content);
      if (probe.improved) for (const m of improveMessages(task, shots, probe.problem, probe.attempt, probe.feedback)) texts.push(m.content);
    }
    expect(texts.length).toBeGreaterThan(20);
    for (const mode of MODES) for (const text of texts) expect(TOK[mode].decode(TOK[mode].encode(text))).toBe(text);
  });
});

describe('how text is cut', () => {
  const { whole, digits } = TOK;

  it('numbers: whole up to 99 with sign and space; spelled past that, or in digits mode', () => {
    expect(pieces(whole, ' -45')).toEqual([' -45']);
    expect(pieces(digits, ' -45')).toEqual([' -4', '5']);
    expect(pieces(whole, ' 99')).toEqual([' 99']);
    expect(pieces(whole, '-99')).toEqual(['-99']);
    expect(pieces(whole, '123')).toEqual(['1', '2', '3']);
    expect(pieces(whole, ' -123')).toEqual([' -1', '2', '3']);
    expect(pieces(whole, ' 100')).toEqual([' 1', '0', '0']);
    expect(pieces(whole, '1973')).toEqual(['1', '9', '7', '3']);
    expect(pieces(digits, '10')).toEqual(['1', '0']);
    for (const t of [whole, digits]) {
      expect(pieces(t, '03')).toEqual(['0', '3']);
      expect(t.decode(t.encode('03'))).toBe('03');
      expect(t.decode(t.encode(' -007'))).toBe(' -007');
    }
    // Dates: month and day whole, the year spelled.
    expect(pieces(whole, '10/27/2004')).toEqual(['10', '/', '27', '/', '2', '0', '0', '4']);
  });

  it('words of the task language are single tokens, with or without their space; other words are spelled', () => {
    for (const t of [whole, digits]) {
      for (const w of [' calculate', 'Feedback', ' Feedback', "Let's", ' incorrect', 'Step', ' golfers', ' alphabetically']) {
        expect(pieces(t, w), w).toEqual([w]);
      }
      expect(pieces(t, ' zebra')).toEqual([' ', 'z', 'e', 'b', 'r', 'a']);
      // A known word glued to more letters is a different word, spelled.
      expect(pieces(t, ' calculated')).toEqual([' ', ...'calculated']);
    }
  });

  it('punctuation and lone letters keep one leading space', () => {
    expect(pieces(whole, ' =')).toEqual([' =']);
    expect(pieces(whole, ' A')).toEqual([' A']);
    expect(pieces(whole, '  =')).toEqual([' ', ' =']);
    expect(pieces(whole, 'A = (0 * 4 + -7) = 9.')).toEqual(['A', ' =', ' (', '0', ' *', ' 4', ' +', ' -7', ')', ' =', ' 9', '.']);
    expect(pieces(whole, '(Final response) So the answer is (B).')).toEqual(['(', 'Final', ' response', ')', ' So', ' the', ' answer', ' is', ' (', 'B', ')', '.']);
  });

  it('is not split-invariant inside a word (so the head/tail cut at a line break above is a real property)', () => {
    expect([...whole.encode(' calc'), ...whole.encode('ulate')]).not.toEqual(Array.from(whole.encode(' calculate')));
  });

  it('every merged token encodes back to itself, one id', () => {
    for (const t of [whole, digits]) {
      for (let id = 3; id < t.vocabSize; id++) {
        const text = t.tokenText(id);
        if (isByte(text)) continue;
        expect(Array.from(t.encode(text)), JSON.stringify(text)).toEqual([id]);
      }
    }
  });

  it('BOS and EOS wrap the ids and decode to nothing', () => {
    const ids = whole.encode('Q: 1 + 2 =', { bos: true, eos: true });
    expect(ids[0]).toBe(whole.bos);
    expect(ids[ids.length - 1]).toBe(whole.eos);
    expect([whole.pad, whole.bos, whole.eos]).toEqual([0, 1, 2]);
    expect(whole.decode(ids)).toBe('Q: 1 + 2 =');
  });
});

describe('vocabulary', () => {
  it('has a size fixed by the word list and number mode, and every id decodes to its own text', () => {
    for (const mode of MODES) {
      const t = TOK[mode];
      expect(new TaskTokenizer(TASK_WORDS, t.maxWhole).vocabSize).toBe(t.vocabSize);
      const maxWhole = mode === 'whole' ? DEFAULT_MAX_WHOLE : 0;
      expect(t.maxWhole).toBe(maxWhole);
      // specials, alphabet, bytes, space-led punctuation and letters, words twice, signed/spaced first digits, two-digit numbers.
      const punct = [...TASK_ALPHABET].filter((c) => /[^\sA-Za-z\d]/.test(c)).length;
      const expected = 3 + TASK_ALPHABET.length + 256 + punct + 52 + 2 * TASK_WORDS.length + 30 + (maxWhole >= 10 ? 4 * (maxWhole - 9) : 0);
      expect(t.vocabSize).toBe(expected);
      const texts = new Set<string>();
      for (let id = 0; id < t.vocabSize; id++) {
        const text = t.tokenText(id);
        expect(text.length, `id ${id}`).toBeGreaterThan(0);
        texts.add(text);
        const decoded = t.decode([id]);
        if (id < 3) expect(decoded).toBe('');
        else if (!isByte(text)) expect(decoded).toBe(text);
      }
      expect(texts.size).toBe(t.vocabSize); // no two ids share a text
    }
    expect(new TaskTokenizer(['alpha', 'beta']).vocabSize).toBe(new TaskTokenizer(['beta', 'alpha']).vocabSize);
    expect(new TaskTokenizer(['alpha', 'beta', 'gamma']).vocabSize).toBe(new TaskTokenizer(['alpha', 'beta']).vocabSize + 2);
  });

  it('rejects ids outside the vocabulary', () => {
    const t = TOK.whole;
    expect(() => t.decode([t.vocabSize])).toThrow(`id ${t.vocabSize} is outside the vocabulary (${t.vocabSize})`);
    expect(() => t.decode([-1])).toThrow(/outside the vocabulary/);
    expect(() => t.decode([5, 1e9])).toThrow(/outside the vocabulary/);
  });

  it('tokenizerFor names the three tokenizers', () => {
    expect(tokenizerFor('char').kind).toBe('char');
    const task = tokenizerFor('task') as TaskTokenizer;
    const dig = tokenizerFor('task-digits') as TaskTokenizer;
    expect([task.kind, task.maxWhole, dig.kind, dig.maxWhole]).toEqual(['task', DEFAULT_MAX_WHOLE, 'task', 0]);
  });
});

describe('serialisation', () => {
  it('round-trips through JSON to a tokenizer that encodes identically', () => {
    const sample = textsFor('msa', 'paper', 'unseen').slice(0, 5).map((x) => x.trajectory).concat(textsFor('du', 'quick', 'seen')[0].trajectory, 'Zürich 😀\r\n');
    for (const mode of MODES) {
      const t = TOK[mode];
      const json = JSON.parse(JSON.stringify(t.serialize()));
      expect(json).toEqual({ kind: 'task', words: [...TASK_WORDS], maxWhole: t.maxWhole });
      const back = deserializeTokenizer(json);
      expect(back).toBeInstanceOf(TaskTokenizer);
      expect(back.vocabSize).toBe(t.vocabSize);
      for (const text of sample) expect(back.encode(text)).toEqual(t.encode(text));
    }
    // A custom word list survives too.
    const custom = new TaskTokenizer(['zebra', 'giraffe'], 20);
    const back = deserializeTokenizer(JSON.parse(JSON.stringify(custom.serialize())));
    expect(pieces(back as TaskTokenizer, ' zebra 15')).toEqual([' zebra', ' 15']);
    expect(pieces(back as TaskTokenizer, ' 21')).toEqual([' 2', '1']);
  });

  it('refuses a bad description with a message that says what is wrong', () => {
    expect(() => deserializeTokenizer({ kind: 'task', maxWhole: 99 } as never)).toThrow(/word list is missing or not a list of strings/);
    expect(() => deserializeTokenizer({ kind: 'task', words: 'the and', maxWhole: 99 } as never)).toThrow(/word list is missing or not a list of strings/);
    expect(() => deserializeTokenizer({ kind: 'task', words: ['the', 7], maxWhole: 99 } as never)).toThrow(/not a list of strings/);
    expect(() => TaskTokenizer.fromSerialized({ kind: 'task', words: ['the', 'a'], maxWhole: 99 })).toThrow(/"a" is not a word of two or more letters/);
    expect(() => TaskTokenizer.fromSerialized({ kind: 'task', words: ['the', 'two words'], maxWhole: 99 })).toThrow(/"two words" is not a word/);
    expect(() => TaskTokenizer.fromSerialized({ kind: 'task', words: ['the', '42'], maxWhole: 99 })).toThrow(/"42" is not a word/);
    expect(() => TaskTokenizer.fromSerialized({ kind: 'task', words: ['the', 'the'], maxWhole: 99 })).toThrow(/"the" appears twice/);
    expect(() => TaskTokenizer.fromSerialized({ kind: 'task', words: ['the'], maxWhole: -1 })).toThrow(/maxWhole must be a whole number/);
    expect(() => TaskTokenizer.fromSerialized({ kind: 'task', words: ['the'], maxWhole: 2.5 })).toThrow(/maxWhole must be a whole number/);
  });
});

describe('the shipped word list', () => {
  it('is the task language of the current corpus', { timeout: 120_000 }, () => {
    const current = taskLanguageWords(taskCorpus());
    expect(
      [...TASK_WORDS],
      'src/tokenizers/task-words.ts is out of date: run `node --import tsx scripts/task-words.ts`',
    ).toEqual(current);
    // It holds the task language and not word sorting's content words.
    for (const w of ['Feedback', 'calculate', 'incorrect', 'golfers', 'YYYY', "Let's"]) expect(TASK_WORDS).toContain(w);
    for (const w of ['zebra', 'circuit', 'lagoon', 'puppet']) expect(TASK_WORDS).not.toContain(w);
  });
});

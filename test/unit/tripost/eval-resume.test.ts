// An evaluation stopped after any generation batch goes on from the states it stored: the resumed evaluation makes
// exactly the batches the uninterrupted one had left (same rows, same contexts, same order) and the same transcripts.
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine';
import { taskTokenizer } from '../../../src/engine/tokenizer';
import { attemptPrompt, countSteps, generateProblem, infoOfPrompt, renderFeedback, type Problem } from '../../../src/tasks';
import { evaluate, type EvalProblemState, type EvaluateOptions } from '../../../src/tripost/evaluate';

const tok = taskTokenizer();
const problems = Array.from({ length: 7 }, (_, i) => generateProblem('msa', 'seen', 5, i, 'quick'));
/** How many times the scripted model updates its answer to each problem: 3 reaches the round limit. */
const UPDATES = problems.map((_, i) => i % 4);
const OPTIONS: EvaluateOptions = { contextLength: 4096, rounds: 3, generateBatch: 2 };

/** The gold rationale with its answer `d` too high: the model fixes it one step a round, down to 0. */
const attempt = (p: Problem, d: number) => p.rationale.replace(/So the answer is (-?\d+)\.$/, `So the answer is ${Number(p.answer) + d}.`);
const feedback = (p: Problem, d: number) =>
  d === 0
    ? renderFeedback({ kind: 'correct' }, countSteps(attempt(p, 0)))
    : `In step (2) the part "x" is incorrect. This is because it is.\nUpdated Answer:${infoOfPrompt(p.prompt)}\n${attempt(p, d - 1)}`;

/** A stateless scripted model: its first answer is UPDATES[i] too high; after a feedback mark it judges the attempt. */
function scriptedEngine(batches: string[][]): Engine {
  return {
    generate: async (prompts: Int32Array[]) => {
      const texts = prompts.map((ids) => tok.decode(ids));
      batches.push(texts);
      return {
        tokens: texts.map((text) => {
          const i = problems.findIndex((p) => text.startsWith(p.prompt));
          const p = problems[i];
          // Asked for an attempt (the prompt and its newline) or for feedback (after "Feedback:", so with the space).
          if (text === attemptPrompt(p.prompt)) return tok.encode(`${attempt(p, UPDATES[i])}\nFeedback: ${feedback(p, UPDATES[i])}`, { eos: true });
          const d = Number([...text.matchAll(/So the answer is (-?\d+)\./g)].at(-1)![1]) - Number(p.answer);
          return tok.encode(` ${feedback(p, d)}`, { eos: true });
        }),
      };
    },
  } as unknown as Engine;
}

describe('evaluation resumed from its stored states (scripted model)', () => {
  it('after a stop at any batch, makes only the batches left, as the uninterrupted run made them', async () => {
    const whole: string[][] = [];
    const expected = await evaluate(scriptedEngine(whole), tok, problems, OPTIONS);
    // Several rounds of batches, some of them of problems still improving.
    expect(expected.map((t) => t.turns.length)).toEqual([1, 2, 3, 4, 1, 2, 3]);
    expect(whole.length).toBe(9);

    for (let k = 1; k < whole.length; k++) {
      const saved = new Map<string, EvalProblemState>();
      const stop = new AbortController();
      const first: string[][] = [];
      const onBatch = async (states: EvalProblemState[]) => {
        for (const s of states) saved.set(s.problemId, structuredClone(s));
        if (first.length === k) stop.abort();
      };
      await expect(evaluate(scriptedEngine(first), tok, problems, { ...OPTIONS, signal: stop.signal, onBatch })).rejects.toMatchObject({ name: 'AbortError' });
      expect(first).toEqual(whole.slice(0, k));

      const second: string[][] = [];
      const finished: number[] = [];
      const transcripts = await evaluate(scriptedEngine(second), tok, problems, { ...OPTIONS, resume: [...saved.values()], onProgress: (done) => finished.push(done) });
      expect(second).toEqual(whole.slice(k));
      expect(transcripts).toEqual(expected);
      // Progress counts on from the problems finished before the stop, to all of them.
      expect(finished.at(-1)).toBe(problems.length);
      expect(finished[0]).toBe(problems.length - finished.length + 1);
    }
  });
});

// The evaluation's answers as the store keeps them: a scripted "model" answers MSA problems through evaluate(), and
// each attempt carries the task checker's verdict (the scripted critic's first wrong step and segment).
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine';
import { taskTokenizer } from '../../../src/engine/tokenizer';
import { attemptPrompt, generateProblem, infoOfPrompt, renderFeedback, scriptedFeedback, countSteps, type Problem } from '../../../src/tasks';
import { evaluate, siMetrics } from '../../../src/tripost/evaluate';
import { evalAnswers } from '../../../src/tripost/eval-answers';
import { siEffect } from '../../../src/ui/evals/answers';
import { markSegment } from '../../../src/ui/trajectories/highlight';

const tok = taskTokenizer();
const problems = Array.from({ length: 5 }, (_, i) => generateProblem('msa', 'seen', 3, i, 'quick'));

/** The gold rationale with step (2)'s result and the final answer each one too high: step (2) is the first wrong step. */
function wrong(p: Problem): string {
  const lines = p.rationale.split('\n');
  lines[1] = lines[1].replace(/(-?\d+)\.$/, (_, n: string) => `${Number(n) + 1}.`);
  lines[lines.length - 1] = `(Final response) So the answer is ${Number(p.answer) + 1}.`;
  return lines.join('\n');
}
const feedbackOn = (p: Problem, attempt: string) => renderFeedback(scriptedFeedback(p, attempt), countSteps(attempt));
const CORRECT = (attempt: string) => renderFeedback({ kind: 'correct' }, countSteps(attempt));
const update = (p: Problem, next: string) => `\nUpdated Answer:${infoOfPrompt(p.prompt)}\n${next}`;

/** What the scripted model writes: its first generation, then (after an update) its feedback on the updated answer. */
const SCRIPT: ((p: Problem) => [string, string?])[] = [
  // 0: right at once, and says so.
  (p) => [`\n${p.rationale}\nFeedback: ${CORRECT(p.rationale)}`],
  // 1: wrong, finds its error and fixes it.
  (p) => [`\n${wrong(p)}\nFeedback: ${feedbackOn(p, wrong(p))}${update(p, p.rationale)}`, CORRECT(p.rationale)],
  // 2: right, but "corrects" itself into a wrong answer.
  (p) => [`\n${p.rationale}\nFeedback: In step (2) the part "x" is incorrect. This is because it is.${update(p, wrong(p))}`, CORRECT(wrong(p))],
  // 3: wrong, and thinks it is right.
  (p) => [`\n${wrong(p)}\nFeedback: ${CORRECT(wrong(p))}`],
  // 4: noise, no feedback.
  () => ['\nthe the the'],
];

/** An engine that answers each prompt by the script of its problem (found by the question in the prompt). */
function scriptedEngine(): Engine {
  return {
    generate: async (prompts: Int32Array[]) => ({
      tokens: prompts.map((ids) => {
        const text = tok.decode(ids);
        const i = problems.findIndex((p) => text.startsWith(p.prompt));
        const [first, later] = SCRIPT[i](problems[i]);
        // Asked for an attempt (the prompt and its newline) or for feedback (after "Feedback:", so with the space).
        const asked = text === attemptPrompt(problems[i].prompt) ? first.replace(/^\n/, '') : later === undefined ? '' : ` ${later}`;
        return tok.encode(asked, { eos: true });
      }),
    }),
  } as unknown as Engine;
}

describe('evaluation answers', () => {
  it('keeps every attempt with the checker’s first wrong step, and what self-improvement did', async () => {
    const transcripts = await evaluate(scriptedEngine(), tok, problems, { contextLength: 2048, rounds: 3, generateBatch: 2 });
    const answers = evalAnswers(problems, transcripts);

    expect(answers.map((a) => a.problem.id)).toEqual(problems.map((p) => p.id));
    expect(answers.map((a) => a.turns.length)).toEqual([1, 2, 2, 1, 1]);
    expect(answers.map(siEffect)).toEqual(['none', 'fixed', 'broke', 'none', 'none']);
    expect(answers.map((a) => a.finalCorrect)).toEqual([true, true, false, false, false]);
    expect(siMetrics(answers)).toEqual(siMetrics(transcripts));

    // The checker's verdict on each attempt, not the model's own feedback.
    expect(answers.map((a) => a.turns.map((t) => t.check))).toEqual([['correct'], ['error', 'correct'], ['correct', 'error'], ['error'], ['format']]);
    const [fixed, broke, unaware] = [answers[1].turns[0], answers[2].turns[1], answers[3].turns[0]];
    for (const t of [fixed, broke, unaware]) {
      expect(t.errorStep).toBe('2');
      expect(t.reason).toMatch(/calculation error/);
      // The segment is in the attempt's step (2), where the viewer marks it.
      const marked = markSegment(t.attempt, t.segment, t.errorStep);
      expect(marked?.marked).toBe(t.segment);
      expect(marked!.before.split('\n').at(-1)).toMatch(/^\(2\) /);
    }
    // The model's own feedback is kept as it wrote it.
    expect(answers[3].turns[0].feedback).toBe(CORRECT(wrong(problems[3])));
    expect(answers[2].turns[0].feedback).toMatch(/^In step \(2\) the part "x"/);
    expect(answers[4].turns[0]).toEqual({ attempt: 'the the the', check: 'format', reason: expect.any(String) });
    expect(answers[0].turns[0]).not.toHaveProperty('errorStep');
  });

  it('leaves out a transcript of a problem it was not given, and stands an empty transcript for a silent model', () => {
    const [p] = problems;
    const base = { selfImproved: false, initialCorrect: false, finalCorrect: false };
    const answers = evalAnswers([p], [{ problemId: 'other', turns: [{ attempt: 'x' }], ...base }, { problemId: p.id, turns: [], ...base }]);
    expect(answers).toHaveLength(1);
    expect(answers[0].turns).toEqual([{ attempt: '', check: 'format', reason: expect.any(String) }]);
  });
});

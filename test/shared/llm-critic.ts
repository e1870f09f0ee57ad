// The LLM and hybrid critics against the mock server: parsed feedback, drops with the raw answer,
// legality, agreement. Run by the unit tier (Node) and the browser tier (Chromium).
import { beforeEach, describe, expect, it } from 'vitest';
import {
  HybridCritic,
  LlmClient,
  LlmCritic,
  feedbackOutcome,
  fewShotExamples,
  formatDrop,
  improveOutcome,
  type FewShot,
} from '../../src/llm';
import { createScriptedCritic, countSteps, renderFeedback, type Feedback } from '../../src/tasks';
import type { MockControl } from '../helpers/llm-mock-control';
import { testConfig } from './llm-client';

const fbkLine = (fb: Feedback, attempt: string) => `Feedback: ${renderFeedback(fb, countSteps(attempt))}`;

export function llmCriticSuite(control: () => MockControl): void {
  describe('LLM critic against the mock server', () => {
    let mock: MockControl;
    let critic: LlmCritic;
    // A mistake the script locates, with its scripted fix; the few-shot set itself supplies one.
    let ex: FewShot;
    let gold: FewShot;
    beforeEach(async () => {
      mock = control();
      await mock.reset();
      critic = new LlmCritic(new LlmClient(testConfig(mock, { maxRetries: 0 })));
      const shots = fewShotExamples('msa');
      ex = shots.find((s) => s.feedback.kind === 'error')!;
      gold = shots.find((s) => s.feedback.kind === 'correct')!;
    });

    it('parses correct feedback; asks greedily with few-shot messages', async () => {
      await mock.script({ content: fbkLine({ kind: 'correct' }, gold.attempt) });
      const out = await feedbackOutcome(critic, gold.problem, gold.attempt);
      expect(out).toEqual({ ok: true, feedback: { kind: 'correct' } });
      const [req] = await mock.requests();
      const body = req.body as { temperature: number; messages: { role: string; content: string }[] };
      expect(body.temperature).toBe(0);
      expect(body.messages[0].role).toBe('system');
      expect(body.messages.length).toBeGreaterThanOrEqual(6);
      expect(body.messages.at(-1)!.content).toContain(gold.attempt);
      expect(body.messages.some((m) => m.role === 'assistant' && m.content.startsWith('Feedback: '))).toBe(true);
    });

    it('parses error feedback into step, segment and reason', async () => {
      await mock.script({ content: `Here is my verdict.\n${fbkLine(ex.feedback, ex.attempt)}` });
      const out = await feedbackOutcome(critic, ex.problem, ex.attempt);
      expect(out).toEqual({ ok: true, feedback: ex.feedback });
    });

    it('unparsable feedback becomes a drop with the raw answer', async () => {
      await mock.script({ content: 'Looks mostly fine to me!' });
      const out = await feedbackOutcome(critic, ex.problem, ex.attempt);
      expect(out.ok).toBe(false);
      if (out.ok) return;
      expect(out.drop).toMatchObject({ reason: 'unparsable-feedback', raw: 'Looks mostly fine to me!' });
      expect(formatDrop(out.drop)).toContain('Looks mostly fine to me!');
    });

    it('feedback quoting a part that is not in the step is a drop', async () => {
      if (ex.feedback.kind !== 'error') throw new Error('example must be an error');
      await mock.script({ content: fbkLine({ ...ex.feedback, segment: 'no such text' }, ex.attempt) });
      const out = await feedbackOutcome(critic, ex.problem, ex.attempt);
      expect(out.ok ? 'ok' : out.drop.reason).toBe('unparsable-feedback');
    });

    it('a legal improvement passes, sampled at 0.7', async () => {
      await mock.script({ content: `Updated Answer: Let's think step by step.\n${ex.improved}` });
      const out = await improveOutcome(critic, ex.problem, ex.attempt, ex.feedback);
      expect(out).toEqual({ ok: true, text: ex.improved });
      expect((await mock.requests())[0].body).toMatchObject({ temperature: 0.7 });
    });

    it('an illegal improvement (earlier step changed) becomes a drop with the raw answer', async () => {
      const bad = ex.improved!.replace(/^\(1\) /, '(1) Clearly, ');
      await mock.script({ content: `Updated Answer:\n${bad}` });
      const out = await improveOutcome(critic, ex.problem, ex.attempt, ex.feedback);
      expect(out.ok).toBe(false);
      if (out.ok) return;
      expect(out.drop.reason).toBe('illegal-improvement');
      expect(out.drop.detail).toContain('step (1)');
      expect(out.drop.raw).toContain('Clearly');
    });

    it('a request that keeps failing is a drop; a rejected key ends the run', async () => {
      await mock.script({ status: 500, error: { message: 'down' } });
      const out = await feedbackOutcome(critic, ex.problem, ex.attempt);
      expect(out.ok ? 'ok' : out.drop.reason).toBe('request-failed');
      await mock.script({ status: 401, error: { message: 'bad key' } });
      await expect(feedbackOutcome(critic, ex.problem, ex.attempt)).rejects.toMatchObject({ kind: 'unauthorized' });
    });

    it('hybrid: scripted feedback, LLM improvement, agreement of the LLM feedback with the script', async () => {
      const hybrid = new HybridCritic({ script: createScriptedCritic(), llm: critic, checkLlmFeedback: true });
      // First check agrees (correct on gold), second disagrees (correct on a wrong attempt), third is unparsable.
      await mock.script(
        { content: fbkLine({ kind: 'correct' }, gold.attempt) },
        { content: fbkLine({ kind: 'correct' }, ex.attempt) },
        { content: 'no idea' },
        { content: `Updated Answer:\n${ex.improved}` },
      );
      expect(await hybrid.feedback(gold.problem, gold.attempt)).toEqual({ kind: 'correct' });
      expect(await hybrid.feedback(ex.problem, ex.attempt)).toEqual(ex.feedback);
      expect(await hybrid.feedback(ex.problem, ex.attempt)).toEqual(ex.feedback);
      expect(hybrid.agreement).toEqual({ compared: 2, agreed: 1, llmFailed: 1, rate: 0.5 });
      expect(await hybrid.improve(ex.problem, ex.attempt, ex.feedback)).toBe(ex.improved);
      expect((await mock.requests()).length).toBe(4);
    });
  });
}

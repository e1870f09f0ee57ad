// The Learn page's session: which model and level it starts from, and which attempt the later steps use after the
// scripted critic's verdict on the model's own attempt (its own mistake, or the injected fallback), with the teacher's override.
import { describe, expect, it } from 'vitest';
import { generateProblem, injectError, mulberry32, scriptedFeedback } from '../../../src/tasks';
import type { LearnSession } from '../../../src/ui/learn/learn-session.svelte';
import { learnSession as session } from '../../helpers/learn-fixtures';

/** As if the model had written `text` (the page sets these when its generation ends). */
function attempted(s: LearnSession, text: string): void {
  s.modelAttempt = text;
  s.generated = true;
}

describe('Learn session: the model it starts from', () => {
  it('starts from the task\'s warm start at its level; a task without one keeps the untrained preset at the paper level', () => {
    const s = session();
    expect(s.fromWarm).toBe(true);
    expect(s.level).toBe('quick');
    expect(s.tokenizerKind).toBe('task');
    expect(s.problem.prompt).toBe(generateProblem('msa', 'seen', 7, 0, 'quick').prompt);
    s.setTask('ws');
    expect(s.warmEntry).toBeNull();
    expect(s.fromWarm).toBe(false);
    expect(s.level).toBe('paper');
    expect(s.tokenizerKind).toBe('char');
    s.destroy();
  });

  it('an untrained preset can be picked instead, and a warm start that failed to load is not used', () => {
    const s = session();
    s.setModel('tiny');
    expect(s.fromWarm).toBe(false);
    expect(s.preset).toBe('tiny');
    s.setModel('warm');
    expect(s.fromWarm).toBe(true);
    s.warmFailure = { name: 'msa-quick', message: 'answered 404' };
    expect(s.fromWarm).toBe(false);
    expect(s.level).toBe('paper');
    s.destroy();
  });
});

describe('Learn session: which attempt the later steps use', () => {
  it('before the model attempts: the injected mistake', () => {
    const s = session();
    expect(s.path.kind).toBe('not-generated');
    expect(s.useInjected).toBe(true);
    expect(s.attempt).toBe(s.injected.attempt);
    expect(s.pathText).toContain('Until the model attempts, the next steps use the gold answer with one injected mistake');
  });

  it("the model's own located mistake is used; the teacher can pick the injected one instead", () => {
    const s = session();
    const own = injectError(s.problem, mulberry32(99)).attempt;
    expect(own).not.toBe(s.injected.attempt);
    const verdict = scriptedFeedback(s.problem, own);
    expect(verdict.kind).toBe('error');
    attempted(s, own);
    expect(s.path).toEqual({ kind: 'own-mistake', step: verdict.kind === 'error' ? verdict.step : '' });
    expect(s.useInjected).toBe(false);
    expect(s.attempt).toBe(own);
    expect(s.turns).toHaveLength(2);
    expect(s.turns[0].feedbackKind).toBe('error');
    expect(s.example?.kind).toBe('improvement');
    expect(s.pathText).toContain("The critic found a mistake in the model's own attempt");

    s.useInjected = true;
    expect(s.path.kind).toBe('chosen-injected');
    expect(s.attempt).toBe(s.injected.attempt);
    // Another problem goes back to following the critic.
    s.newProblem();
    attempted(s, injectError(s.problem, mulberry32(99)).attempt);
    expect(s.path.kind).toBe('own-mistake');
  });

  it('a correct attempt falls back to the injected mistake and says so; picking it anyway gives a directly-correct example', () => {
    const s = session();
    attempted(s, s.problem.rationale);
    expect(s.modelFeedback?.kind).toBe('correct');
    expect(s.path).toEqual({ kind: 'fallback', verdict: 'correct' });
    expect(s.useInjected).toBe(true);
    expect(s.attempt).toBe(s.injected.attempt);
    expect(s.turns[0].feedbackKind).toBe('error');
    expect(s.pathText).toBe(
      'The model got this one right, so the next steps use the gold answer with one injected mistake; Another problem tries another. ' +
        '(In TriPosT a correct attempt is kept as a directly-correct example, with nothing to improve.)',
    );

    s.useInjected = false;
    expect(s.path).toEqual({ kind: 'chosen-own', verdict: 'correct' });
    expect(s.turns).toHaveLength(1);
    expect(s.example?.kind).toBe('correct');
  });

  it('an unreadable attempt falls back too; picking it anyway leaves nothing to train on', () => {
    const s = session();
    attempted(s, 'aaaa bbbb');
    expect(s.path).toEqual({ kind: 'fallback', verdict: 'format' });
    expect(s.pathText).toContain("The critic could not read the model's attempt as steps");
    expect(s.pathText).toContain('so the next steps use the gold answer with one injected mistake');
    expect(s.example?.kind).toBe('improvement');
    s.useInjected = false;
    expect(s.path.kind).toBe('chosen-own');
    expect(s.turns).toHaveLength(1);
    expect(s.example).toBeNull();
  });
});

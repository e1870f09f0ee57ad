import { describe, expect, it } from 'vitest';
import {
  checkImprovement,
  mixSeed,
  mulberry32,
  randInt,
  scriptedFeedback,
  scriptedImprove,
  splitSteps,
  TASK_ALPHABET,
  type Feedback,
  type Problem,
  type Rng,
} from '../../../src/tasks/index';
import { COMBOS, problemsFor } from './helpers';

const randomText = (rng: Rng, n: number) =>
  Array.from({ length: n }, () => TASK_ALPHABET[randInt(rng, 0, TASK_ALPHABET.length - 1)]).join('');

/** Ways a small model's attempt goes wrong in form rather than in content. */
function mangle(p: Problem, rng: Rng, kind: number): string {
  const lines = p.rationale.split('\n');
  switch (kind) {
    case 0:
      return '';
    case 1:
      return p.rationale.slice(0, randInt(rng, 1, p.rationale.length - 1));
    case 2: {
      const i = randInt(rng, 0, lines.length - 2);
      [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
      return lines.join('\n');
    }
    case 3:
      return randomText(rng, randInt(rng, 1, 200));
    case 4: {
      const i = randInt(rng, 0, lines.length - 1);
      lines[i] = lines[i].slice(0, randInt(rng, 0, lines[i].length));
      return lines.join('\n');
    }
    case 5: {
      lines.splice(randInt(rng, 0, lines.length - 1), 1);
      return lines.join('\n');
    }
    case 6: {
      const i = randInt(rng, 0, p.rationale.length - 1);
      return p.rationale.slice(0, i) + randomText(rng, randInt(rng, 1, 8)) + p.rationale.slice(i + 1);
    }
    default:
      return `${p.rationale}\n${lines[randInt(rng, 0, lines.length - 1)]}`;
  }
}

function expectLocatedOrFormat(attempt: string, fb: Feedback, id: string): void {
  expect(fb.kind === 'format' || fb.kind === 'error', id).toBe(true);
  if (fb.kind === 'format') expect(fb.reason).not.toBe('the answer could not be read');
  if (fb.kind === 'error') expect(splitSteps(attempt).some((s) => s.label === fb.step), id).toBe(true);
  if (fb.kind === 'error') expect(attempt.includes(fb.segment) && fb.segment.length > 0, id).toBe(true);
}

describe.each(COMBOS)('%s %s malformed attempts', (task, split) => {
  const problems = problemsFor(task, split, 30);

  it('get a format error or a located error (never an exception), and a legal scripted improvement', () => {
    problems.forEach((p, i) => {
      for (let kind = 0; kind < 8; kind++) {
        const rng = mulberry32(mixSeed(i, kind));
        const attempt = mangle(p, rng, kind);
        const fb = scriptedFeedback(p, attempt);
        if (fb.kind === 'correct') {
          expect(attempt.trim(), `${p.id} kind ${kind}`).toBe(p.rationale);
          continue;
        }
        expectLocatedOrFormat(attempt, fb, `${p.id} kind ${kind}\n${attempt}\n${JSON.stringify(fb)}`);
        const improved = scriptedImprove(p, attempt, fb);
        expect(checkImprovement(attempt, fb, improved), `${p.id} kind ${kind}\n${attempt}\n${JSON.stringify(fb)}`).toEqual({ legal: true });
        expect(scriptedFeedback(p, improved), `${p.id} kind ${kind}`).toEqual({ kind: 'correct' });
      }
    });
  });

  it('named cases: empty, cut mid-step, out of order, random characters', () => {
    const p = problems[0];
    expect(scriptedFeedback(p, '')).toEqual({ kind: 'format', reason: 'the answer is empty' });
    const lines = p.rationale.split('\n');
    const cut = `${lines[0]}\n${lines[1].slice(0, 12)}`;
    expect(scriptedFeedback(p, cut).kind).toBe('format');
    const swapped = [lines[1], lines[0], ...lines.slice(2)].join('\n');
    expect(scriptedFeedback(p, swapped).kind).toBe('format');
    expect(scriptedFeedback(p, '#$%^&*( )(*&^%$').kind).toBe('format');
    expect(scriptedFeedback(p, `(1) ${'x'.repeat(50)}.\n(Final response) So the answer is 3.`).kind).toBe('error');
  });
});

// Which attempt the Learn page's later steps use (the model's own mistake, or an injected one), and the words for why.
import type { Feedback } from '../../tasks';

/** Which attempt the later steps use, and why. */
export type AttemptPath =
  | { kind: 'not-generated' }
  | { kind: 'own-mistake'; step: string }
  | { kind: 'fallback'; verdict: 'correct' | 'format' }
  | { kind: 'chosen-injected' }
  | { kind: 'chosen-own'; verdict: 'correct' | 'format' };

const INJECTED = 'the next steps use the gold answer with one injected mistake';

/** One sentence on which attempt the later steps use and why. */
export function describePath(path: AttemptPath, fb: Feedback | null): string {
  const reason = fb?.kind === 'format' ? ` (${fb.reason})` : '';
  switch (path.kind) {
    case 'not-generated':
      return `Until the model attempts, ${INJECTED}.`;
    case 'own-mistake':
      return `The critic found a mistake in the model's own attempt, in step (${path.step}), so the next steps use this attempt: the kind of trajectory TriPosT learns from.`;
    case 'fallback':
      return path.verdict === 'correct'
        ? `The model got this one right, so ${INJECTED}; Another problem tries another. (In TriPosT a correct attempt is kept as a directly-correct example, with nothing to improve.)`
        : `The critic could not read the model's attempt as steps${reason}, so ${INJECTED}. (TriPosT drops such an attempt.)`;
    case 'chosen-injected':
      return `You chose the gold answer with one injected mistake for the next steps; the model's own attempt has a mistake the critic located (untick the box to use it).`;
    case 'chosen-own':
      return path.verdict === 'correct'
        ? "You chose the model's own attempt for the next steps. The critic found it correct, so there is nothing to improve: the trajectory is that one turn, a directly-correct example."
        : `You chose the model's own attempt for the next steps, but the critic could not read it as steps${reason}: TriPosT drops such a trajectory, so there is nothing to train on.`;
  }
}

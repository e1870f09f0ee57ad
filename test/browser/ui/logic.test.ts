import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../../src/ui/router.svelte';
import { hiddenIds, parseHide } from '../../../src/ui/hide.svelte';
import { diffWords } from '../../../src/ui/trajectories/diff';
import { markSegment } from '../../../src/ui/trajectories/highlight';
import { trainingText, weightOf, weightSpans } from '../../../src/ui/trajectories/weights';
import { filterFromQuery, filterToQuery, fromTrainingChoice, trainingChoice } from '../../../src/ui/trajectories/filter';
import { improvedTrajectory } from '../../helpers/ui-fixtures';

describe('hash routing and ?hide=', () => {
  it('parses and formats page paths with query parameters', () => {
    expect(parseHash('#/trajectories?run=3&q=a%20b')).toMatchObject({ path: 'trajectories' });
    expect(parseHash('#/trajectories?run=3&q=a%20b').query.get('q')).toBe('a b');
    expect(parseHash('').path).toBe('');
    expect(parseHash('#/settings/').path).toBe('settings');
    expect(formatHash('trajectories', { run: '3', task: undefined, q: '' })).toBe('#/trajectories?run=3');
    expect(formatHash('settings')).toBe('#/settings');
  });

  it('reads hidden ids from the query string and the hash, case-insensitively', () => {
    expect([...parseHide(' critic, P ,,w')]).toEqual(['critic', 'p', 'w']);
    expect(parseHide(null).size).toBe(0);
    const ids = hiddenIds('?hide=critic', new URLSearchParams('hide=p,settings'));
    expect([...ids].sort()).toEqual(['critic', 'p', 'settings']);
  });
});

describe('inspector filters in the URL', () => {
  it('round-trips every filter and ignores malformed values', () => {
    const f = { runId: 3, iteration: 2, task: 'ws', split: 'unseen', outcome: 'dropped', critic: 'script', kept: false, dropReason: 'long', text: 'pear' } as const;
    const q = new URLSearchParams(Object.entries(filterToQuery(f)) as [string, string][]);
    expect(filterFromQuery(q)).toEqual(f);
    const bad = filterFromQuery(new URLSearchParams('run=x&task=chess&outcome=great&kept=maybe'));
    expect(Object.values(bad).every((v) => v === undefined)).toBe(true);
  });

  it('maps the Training select to kept and drop reason, each choice replacing the last', () => {
    for (const f of [{}, { kept: true }, { kept: false }, { dropReason: 'illegal-improvement' }, { dropReason: 'reason: with a colon' }]) {
      expect(fromTrainingChoice(trainingChoice(f))).toEqual({ kept: undefined, dropReason: undefined, ...f });
    }
    expect(fromTrainingChoice('kept')).toEqual({ kept: true, dropReason: undefined });
    expect(trainingChoice({ kept: false, dropReason: 'still wrong after' })).toBe(trainingChoice({ dropReason: 'still wrong after' }));
    expect(fromTrainingChoice(trainingChoice({ dropReason: 'x' })).kept).toBeUndefined();
  });
});

describe('attempt diff', () => {
  it('marks changed words and keeps the rest', () => {
    const parts = diffWords('A = -6.\nSo 18.', 'A = -7.\nSo 21.');
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text)).toEqual(['-6.', '18.']);
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text)).toEqual(['-7.', '21.']);
    // Joining the same+removed parts gives the old text, same+added the new one.
    expect(parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe('A = -6.\nSo 18.');
    expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe('A = -7.\nSo 21.');
  });

  it('handles empty and identical texts', () => {
    expect(diffWords('', 'new text')).toEqual([{ kind: 'added', text: 'new text' }]);
    expect(diffWords('same', 'same')).toEqual([{ kind: 'same', text: 'same' }]);
  });
});

describe('wrong segment', () => {
  const attempt = '(1) x = 6 - 1 = 5.\n(2) y = 6 - 1 = 4.\n(Final response) So the answer is 4.';
  it('finds the segment in the error step, not an earlier step with the same text', () => {
    const m = markSegment(attempt, '6 - 1', '(2)');
    expect(m?.before).toBe('(1) x = 6 - 1 = 5.\n(2) y = ');
    expect(m?.marked).toBe('6 - 1');
  });
  it('trims quoted spaces, falls back to the whole attempt, and says when the segment is absent', () => {
    expect(markSegment(attempt, ' is 4. ', 'Final response')?.after).toBe('');
    expect(markSegment(attempt, ' is 4. ', 'Final response')?.marked).toBe('is 4.');
    expect(markSegment(attempt, 'answer is 4', '(7)')?.marked).toBe('answer is 4');
    expect(markSegment(attempt, 'banana', '(2)')).toBeNull();
    expect(markSegment(attempt, undefined, undefined)).toBeNull();
  });
});

describe('token weights', () => {
  it('weighs from the first Feedback: on by w, 1 before', () => {
    const text = trainingText(improvedTrajectory(1));
    expect(text.startsWith('Q: ((-9 + -6 + 8 * 1) * (2 - 5)) = [case 1]\nAnswer: Let\'s think step by step.')).toBe(true);
    expect(text.match(/Updated Answer:/g)).toHaveLength(1);
    const spans = weightSpans(text, 1.5);
    expect(spans.map((s) => s.weight)).toEqual([1, 1.5]);
    expect(spans[1].text.startsWith('Feedback: Step (1) is correct.')).toBe(true);
    expect(spans.map((s) => s.text).join('')).toBe(text);
    expect(weightSpans('no feedback here', 2)).toEqual([{ text: 'no feedback here', weight: 1 }]);
  });
  it('takes w from the run configuration, 1.5 otherwise', () => {
    expect(weightOf({ w: 2 })).toBe(2);
    expect(weightOf({ w: 'x' })).toBe(1.5);
    expect(weightOf(undefined)).toBe(1.5);
  });
});

// The glossary: one text per term, every entry filled in, and the Term component renders it as text, never as HTML.
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import Term from '../../../src/ui/Term.svelte';
import { GLOSSARY, GLOSSARY_KEYS, type GlossaryEntry, type GlossaryKey } from '../../../src/ui/glossary';

/** The terms the newcomer's report (issue 17) asked to have explained. */
const ASKED: GlossaryKey[] = [
  'siFreq', 'siContrib', 'feedback', 'improvement', 'ftRationale', 'gold', 'directlyCorrect', 'improvementExample',
  'p', 'w', 'warmStart', 'seen', 'unseen', 'shortcut',
];

const saved = new Map<GlossaryKey, GlossaryEntry>();
afterEach(() => {
  for (const [key, entry] of saved) (GLOSSARY as Record<GlossaryKey, GlossaryEntry>)[key] = entry;
  saved.clear();
});

/** Replaces an entry for one test (restored after it). */
function pretend(key: GlossaryKey, entry: GlossaryEntry): void {
  saved.set(key, GLOSSARY[key]);
  (GLOSSARY as Record<GlossaryKey, GlossaryEntry>)[key] = entry;
}

describe('glossary', () => {
  it('explains every term the report asked about, each with a term and a sentence', () => {
    for (const key of ASKED) expect(GLOSSARY_KEYS).toContain(key);
    for (const key of GLOSSARY_KEYS) {
      const { term, text } = GLOSSARY[key];
      expect(term.trim(), key).not.toBe('');
      expect(text.trim().length, key).toBeGreaterThan(20);
      expect(text, key).toMatch(/[.!?)]$/);
      // Plain text: no markup to be rendered (or shown as tags).
      expect(text, key).not.toMatch(/<[a-z/]/i);
    }
  });

  it('has one entry per term: no two entries explain the same words', () => {
    const terms = GLOSSARY_KEYS.map((k) => GLOSSARY[k].term.toLowerCase());
    expect(new Set(terms).size).toBe(terms.length);
  });

  it('Term shows the term as text, escaped, and no explanation until asked', () => {
    const { body } = render(Term, { props: { key: 'siFreq' } });
    expect(body).toContain('SI.Freq');
    expect(body).toContain('role="button"');
    expect(body).toContain('tabindex="0"');
    // The explanation is not in the page until shown, so a label around a term keeps its own words.
    expect(body).not.toContain('role="tooltip"');
    expect(body).not.toContain(GLOSSARY.siFreq.text);

    pretend('p', { term: '<img src=x onerror=alert(1)> & <b>p</b>', text: '<script>alert(1)</script> is text.' });
    const escaped = render(Term, { props: { key: 'p' } }).body;
    expect(escaped).toContain('&lt;img src=x onerror=alert(1)> &amp; &lt;b>p&lt;/b>');
    expect(escaped).not.toContain('<img');
    expect(escaped).not.toContain('<b>');
  });
});

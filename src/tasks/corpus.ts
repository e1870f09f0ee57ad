// A sample of every text the task suite writes: prompts, gold rationales, attempts with one mistake, and the
// scripted critic's feedback on them, for every task, level and split. The task tokenizer's word list is read from it.
import { renderFeedback } from './feedback';
import { generateProblems } from './generate';
import { injectError } from './inject';
import { LEVELS } from './level';
import { mulberry32 } from './rng';
import { scriptedFeedback } from './critic';
import { countSteps } from './steps';
import { SPLITS, TASK_IDS, type TaskId } from './types';

/** Documents (one problem's texts each) per task; deterministic. */
export function taskCorpus(perSplit = 200, seed = 7): Record<TaskId, string[]> {
  const out = {} as Record<TaskId, string[]>;
  for (const task of TASK_IDS) {
    out[task] = [];
    for (const level of LEVELS) {
      for (const split of SPLITS) {
        const rng = mulberry32(seed);
        for (const p of generateProblems(task, split, perSplit, seed, level)) {
          const wrong = injectError(p, rng, true).attempt;
          const fb = (a: string) => `Feedback: ${renderFeedback(scriptedFeedback(p, a), countSteps(a))}`;
          out[task].push([p.prompt, p.rationale, fb(p.rationale), 'Updated Answer:', wrong, fb(wrong)].join('\n'));
        }
      }
    }
  }
  return out;
}

/**
 * The words (two or more letters) that occur in at least `minShare` of some task's documents: the task
 * language's own words, not the content words a problem draws from a long list (word sorting's words).
 */
export function taskLanguageWords(corpus: Record<TaskId, string[]>, minShare = 0.02): string[] {
  const keep = new Set<string>();
  for (const docs of Object.values(corpus)) {
    const df = new Map<string, number>();
    for (const doc of docs) for (const w of new Set(doc.match(/[A-Za-z]+(?:'[a-z]+)?/g) ?? [])) df.set(w, (df.get(w) ?? 0) + 1);
    for (const [w, n] of df) if (w.length >= 2 && n >= minShare * docs.length) keep.add(w);
  }
  return [...keep].sort();
}

// What a run produced, per iteration, read back from the store: evals, kept/dropped trajectories, training mix.
import { dropReasonGroup, listEvals, listExamples, pageTrajectories, type EvalRecord, type TriPostDb } from '../store';
import { withConfigDefaults, type RunConfig } from './config';
import { runProblems } from './context';
import type { SiMetrics } from './evaluate';
import { majorityAccuracy } from './warmstart';

export interface IterationReport {
  /** 0 is the initial model ("ft rationale": fine-tuned here, or the shipped warm start); 1..t the TriPosT iterations. */
  t: number;
  /** t = 0 only: the run started from the shipped warm start instead of fine-tuning. */
  warmStart?: boolean;
  /** Accuracy of always giving the most frequent answer of the evaluation problems: the shortcut to beat. */
  shortcut: { seen: number; unseen: number };
  evals: { seen: SiMetrics | null; unseen: SiMetrics | null };
  trajectories: { kept: number; dropped: Record<string, number> };
  trainingMix: { improvement: number; correct: number; gold: number };
}

function metricsOf(e: EvalRecord | undefined): SiMetrics | null {
  return e ? { accuracy: e.accuracy, siFreq: e.siFreq, siContrib: e.siContrib, n: e.n } : null;
}

async function trajectoryCounts(db: TriPostDb, runId: number, iteration: number): Promise<IterationReport['trajectories']> {
  const out: IterationReport['trajectories'] = { kept: 0, dropped: {} };
  let after: number | undefined;
  do {
    const page = await pageTrajectories(db, { runId, iteration }, { after, limit: 500 });
    for (const t of page.items) {
      if (t.kept) out.kept++;
      else {
        const group = dropReasonGroup(t.dropReason);
        out.dropped[group] = (out.dropped[group] ?? 0) + 1;
      }
    }
    after = page.next ?? undefined;
  } while (after !== undefined);
  return out;
}

/** One entry per iteration that has an evaluation or trajectories; the newest evaluation of a split wins. */
export async function runReport(db: TriPostDb, runId: number, stored: RunConfig): Promise<IterationReport[]> {
  const config = withConfigDefaults(stored);
  const evals = await listEvals(db, runId);
  const problems = runProblems(config);
  const shortcut = { seen: majorityAccuracy(problems.evalSeen).accuracy, unseen: majorityAccuracy(problems.evalUnseen).accuracy };
  const reports: IterationReport[] = [];
  for (let t = 0; t <= config.iterations; t++) {
    const mine = evals.filter((e) => e.iteration === t);
    const split = (s: 'seen' | 'unseen') => metricsOf(mine.filter((e) => e.split === s).at(-1));
    const trajectories = t === 0 ? { kept: 0, dropped: {} } : await trajectoryCounts(db, runId, t);
    // The initial fine-tune trains on the gold rationales only; its examples are not stored. A warm start trained here on none.
    const trainingMix = t === 0 && !config.warmStart ? { improvement: 0, correct: 0, gold: config.goldProblems } : { improvement: 0, correct: 0, gold: 0 };
    if (t > 0) for (const e of await listExamples(db, runId, t)) trainingMix[e.kind]++;
    const empty = mine.length === 0 && trajectories.kept === 0 && Object.keys(trajectories.dropped).length === 0;
    if (empty && t > 0) break;
    reports.push({ t, ...(t === 0 && config.warmStart && { warmStart: true }), shortcut, evals: { seen: split('seen'), unseen: split('unseen') }, trajectories, trainingMix });
  }
  return reports;
}

// The per-iteration report read back from the store, and the table printed from it.
import { describe, expect, it } from 'vitest';
import { iterationTable } from '../../../src/cli/report-table';
import { appendTrajectories, createRun, saveEvals, saveExamples, type NewTrajectory } from '../../../src/store';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/tripost/config';
import { runProblems } from '../../../src/tripost/context';
import { majorityAccuracy } from '../../../src/tripost/warmstart';
import { runReport } from '../../../src/tripost/report';
import { freshDb } from '../store/fresh-db';

const CONFIG: RunConfig = { ...DEFAULT_CONFIG, iterations: 2, goldProblems: 5 };

function trajectory(runId: number, iteration: number, kept: boolean, dropReason?: string): NewTrajectory {
  return {
    runId, iteration, task: 'msa', split: 'seen', problem: { id: 'p', question: 'q' }, critic: 'script', kept, dropReason,
    turns: [{ attempt: 'a', feedback: 'f', feedbackKind: 'correct' }], outcome: kept ? 'correct' : 'dropped',
  };
}

describe('run report', () => {
  it('has evals per split, kept and dropped trajectories, and the training mix per iteration', async () => {
    const db = await freshDb();
    const runId = await createRun(db, 'r', CONFIG as never);
    await appendTrajectories(db, [
      trajectory(runId, 1, true), trajectory(runId, 1, true),
      trajectory(runId, 1, false, 'still wrong after 5 improvement rounds'),
      trajectory(runId, 1, false, 'bad improvement in round 1: …'), trajectory(runId, 1, false, 'bad improvement in round 3: …'),
    ]);
    const example = (kind: 'improvement' | 'correct' | 'gold') => ({ task: 'msa' as const, kind, text: kind, weightFrom: null, trajectoryId: null });
    await saveExamples(db, runId, 1, [example('improvement'), example('improvement'), example('improvement'), example('correct'), example('gold')]);
    const metrics = { accuracy: 0.5, siFreq: 0.25, siContrib: 0.1, n: 4 };
    const evalOf = (iteration: number, split: 'seen' | 'unseen', accuracy: number) => ({ runId, iteration, model: 'm', task: 'msa' as const, split, ...metrics, accuracy, createdAt: 0 });
    await saveEvals(db, [evalOf(0, 'seen', 0.1), evalOf(0, 'unseen', 0.05), evalOf(1, 'seen', 0.5), evalOf(1, 'unseen', 0.25)]);

    const report = await runReport(db, runId, CONFIG);
    // Iteration 2 never ran: it is not reported.
    expect(report.map((r) => r.t)).toEqual([0, 1]);
    // The shortcut: always the most frequent answer of the run's own evaluation problems.
    const problems = runProblems(CONFIG);
    const shortcut = { seen: majorityAccuracy(problems.evalSeen).accuracy, unseen: majorityAccuracy(problems.evalUnseen).accuracy };
    expect(shortcut.seen).toBeGreaterThan(0);
    expect(report[0]).toEqual({
      t: 0, shortcut, evals: { seen: { ...metrics, accuracy: 0.1 }, unseen: { ...metrics, accuracy: 0.05 } },
      trajectories: { kept: 0, dropped: {} }, trainingMix: { improvement: 0, correct: 0, gold: 5 },
    });
    expect(report[1]).toEqual({
      t: 1, shortcut, evals: { seen: { ...metrics, accuracy: 0.5 }, unseen: { ...metrics, accuracy: 0.25 } },
      trajectories: { kept: 2, dropped: { 'still wrong after': 1, 'bad improvement in round': 2 } },
      trainingMix: { improvement: 3, correct: 1, gold: 1 },
    });
    const table = iterationTable('tripost', report[1]);
    expect(table).toMatch(new RegExp(`seen\\s+50\\.0%\\s+25\\.0%\\s+10\\.0%\\s+4\\s+${(100 * shortcut.seen).toFixed(1)}%`));
    expect(table).toContain('2 kept, 3 dropped (still wrong after: 1; bad improvement in round: 2)');
    expect(table).toContain('training mix: 3 improvement, 1 correct, 1 gold');
    expect(iterationTable('tripost', report[0])).toContain('t=0 (initial fine-tune on gold rationales)');
  });

  it('names a warm start as iteration 0, with no training mix of its own', async () => {
    const db = await freshDb();
    const config = { ...CONFIG, warmStart: true };
    const runId = await createRun(db, 'w', config as never);
    const [t0] = await runReport(db, runId, config);
    expect(t0).toMatchObject({ t: 0, warmStart: true, trainingMix: { improvement: 0, correct: 0, gold: 0 } });
    const table = iterationTable('tripost', t0);
    expect(table).toContain('t=0 (the shipped warm start)');
    expect(table).not.toContain('training mix');
  });
});

// What a chaos run reports, for the command line and the browser alike: each kill, and the comparison's outcome.
import type { Moment } from './chaos-schedule';
import { compareRecords, recordCounts, type Difference, type RunRecords } from './chaos-compare';

export interface KillRecord {
  /** What the schedule aimed at, and the stage the run was in when the kill came. */
  aimed: string;
  stage: string;
  moment: Moment;
  /** SIGKILL for the command line; close-page or terminate-worker in the browser. */
  how: string;
  /** Where the resumed run goes on from: the bundle's last completed stage and checkpoint, the stages the store holds. */
  resumesFrom: string;
  /** The kill came inside a write: the bundle's temporary file not yet renamed, an IndexedDB transaction not committed. */
  tornWrite: boolean;
}

export interface ChaosReport {
  kills: number;
  resumes: number;
  /** Resumes with nothing stored yet (killed before the first resume point): the run starts again. */
  fromScratch: number;
  stagesHit: Record<string, number>;
  momentsHit: Record<string, number>;
  tornWrites: number;
  differences: number;
  /** How many records of each kind the uninterrupted run holds: what the comparison covered. */
  records: Record<string, number>;
  wallSeconds: number;
  killLog: KillRecord[];
  differenceLog: Difference[];
}

/** Compares the resumed run with the uninterrupted one and sums up the kills. */
export function chaosReport(killLog: KillRecord[], fromScratch: number, expected: RunRecords, resumed: RunRecords, started: number): ChaosReport {
  const differenceLog = compareRecords(expected, resumed);
  const count = (key: (k: KillRecord) => string) => killLog.reduce<Record<string, number>>((n, k) => ({ ...n, [key(k)]: (n[key(k)] ?? 0) + 1 }), {});
  return {
    kills: killLog.length,
    // Every kill is followed by a resume, the last one running to the end.
    resumes: killLog.length,
    fromScratch,
    stagesHit: count((k) => k.stage.split(' ')[1]),
    momentsHit: count((k) => k.moment),
    tornWrites: killLog.filter((k) => k.tornWrite).length,
    differences: differenceLog.length,
    records: recordCounts(expected),
    wallSeconds: Math.round((performance.now() - started) / 100) / 10,
    killLog,
    differenceLog,
  };
}

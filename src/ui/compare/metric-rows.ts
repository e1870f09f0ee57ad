// The Compare page's numbers: one row per run and evaluated model (iteration 0..t), both splits side by side.
import type { SiMetrics } from '../../tripost/evaluate';
import type { RunCurves } from './compare-series';

export interface MetricRow {
  /** The run's place among the compared runs (its colour). */
  run: number;
  label: string;
  iteration: number;
  /** Undefined: not evaluated (yet). */
  seen?: SiMetrics;
  unseen?: SiMetrics;
}

/** Every model of every run, the runs in order and each run's iterations in order; unmeasured ones stay, to show the gap. */
export function metricRows(runs: readonly Pick<RunCurves, 'label' | 'iterations' | 'evals'>[]): MetricRow[] {
  return runs.flatMap((r, run) =>
    Array.from({ length: r.iterations + 1 }, (_, iteration) => ({
      run,
      label: r.label,
      iteration,
      seen: r.evals[`${iteration}:seen`],
      unseen: r.evals[`${iteration}:unseen`],
    })),
  );
}

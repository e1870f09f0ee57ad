// The Compare page's charts: one series per run, each run in its own colour on every chart.
import type { SiMetrics } from '../../tripost/evaluate';
import { smooth, type LineSeries } from '../charts/series';
import type { EvalKey } from '../demo/run-view.svelte';

export type MetricKey = 'accuracy' | 'siFreq' | 'siContrib';
export type Split = 'seen' | 'unseen';

/** What the charts need of one run. */
export interface RunCurves {
  /** The legend's name for the run; unique among the compared runs (it carries the run's id). */
  label: string;
  /** Training loss per optimiser step, in run order: the initial fine-tune (if any), then each iteration's training. */
  loss: readonly number[];
  /** TriPosT iterations t: the models evaluated are 0..t. */
  iterations: number;
  evals: Readonly<Record<EvalKey, SiMetrics>>;
}

export interface Chart {
  x: number[];
  series: LineSeries[];
}

/** Colours far apart for the first runs; past them the colours come round again with a dash, so no two runs look alike. */
const COLORS = ['#2b6cb0', '#dd6b20', '#2f855a', '#c53030', '#6b46c1', '#975a16', '#d53f8c', '#0987a0'];
const DASHES: (number[] | undefined)[] = [undefined, [6, 4], [2, 3]];

/** The i-th compared run's colour and dash (the same on every chart and in the page's key). */
export function runStyle(i: number): { color: string; dash?: number[] } {
  const dash = DASHES[Math.floor(i / COLORS.length) % DASHES.length];
  return { color: COLORS[i % COLORS.length], ...(dash && { dash }) };
}

/** Training loss against step, one series per run; a run with fewer steps ends early (its missing steps are gaps). */
export function lossChart(runs: readonly RunCurves[], smoothed: boolean): Chart {
  const length = Math.max(0, ...runs.map((r) => r.loss.length));
  const x = Array.from({ length }, (_, i) => i + 1);
  const series = runs.map((r, i): LineSeries => {
    const values: (number | null)[] = smoothed ? smooth(r.loss) : [...r.loss];
    while (values.length < length) values.push(null);
    return { label: r.label, ...runStyle(i), values, width: 2 };
  });
  return { x, series };
}

/** One metric of one split per iteration, one series per run; an iteration a run has not evaluated (or lacks) is a gap. */
export function metricChart(runs: readonly RunCurves[], metric: MetricKey, split: Split): Chart {
  const last = Math.max(0, ...runs.map((r) => r.iterations));
  const x = Array.from({ length: last + 1 }, (_, t) => t);
  const series = runs.map((r, i): LineSeries => ({
    label: r.label,
    ...runStyle(i),
    points: true,
    // Later runs' dots are smaller, so where two runs score the same both stay visible (a ring round a dot).
    pointSize: Math.max(5, 11 - 2 * i),
    values: x.map((t) => (t <= r.iterations ? (r.evals[`${t}:${split}`]?.[metric] ?? null) : null)),
  }));
  return { x, series };
}

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
  /** The training stage of each loss point (same length as `loss`): `finetune` or `train t=N`. */
  stages?: readonly string[];
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

/** Where each stage starts on a stage-aligned x axis (1-based), for the chart's labels. */
export interface StageStart {
  x: number;
  stage: string;
}

export interface LossChart extends Chart {
  /** Stage-aligned only: where each stage starts. */
  stages: StageStart[];
}

/**
 * Training loss, one series per run. `byStage` starts each stage (the initial fine-tune, each iteration's training) at
 * the same x for every run, as wide as the run with most steps in it, so iteration 2 lines up with iteration 2 even
 * when the runs train different numbers of steps an iteration; otherwise x is the run's own step count. A run with
 * fewer steps leaves gaps.
 */
export function lossChart(runs: readonly RunCurves[], smoothed: boolean, byStage = false): LossChart {
  const valuesOf = (r: RunCurves) => (smoothed ? smooth(r.loss) : [...r.loss]);
  if (!byStage) {
    const length = Math.max(0, ...runs.map((r) => r.loss.length));
    const x = Array.from({ length }, (_, i) => i + 1);
    const series = runs.map((r, i): LineSeries => {
      const values: (number | null)[] = valuesOf(r);
      while (values.length < length) values.push(null);
      return { label: r.label, ...runStyle(i), values, width: 2 };
    });
    return { x, series, stages: [] };
  }
  const stageOf = (r: RunCurves, j: number) => r.stages?.[j] ?? 'train';
  const order: string[] = [];
  const width = new Map<string, number>();
  for (const r of runs) {
    const counts = new Map<string, number>();
    r.loss.forEach((_, j) => counts.set(stageOf(r, j), (counts.get(stageOf(r, j)) ?? 0) + 1));
    for (const [stage, n] of counts) {
      if (!width.has(stage)) order.push(stage);
      width.set(stage, Math.max(width.get(stage) ?? 0, n));
    }
  }
  order.sort((a, b) => stageRank(a) - stageRank(b));
  const offset = new Map<string, number>();
  let length = 0;
  for (const stage of order) {
    offset.set(stage, length);
    length += width.get(stage)!;
  }
  const x = Array.from({ length }, (_, i) => i + 1);
  const series = runs.map((r, i): LineSeries => {
    const values: (number | null)[] = new Array(length).fill(null);
    const seen = new Map<string, number>();
    valuesOf(r).forEach((v, j) => {
      const stage = stageOf(r, j);
      const k = seen.get(stage) ?? 0;
      seen.set(stage, k + 1);
      values[offset.get(stage)! + k] = v;
    });
    return { label: r.label, ...runStyle(i), values, width: 2 };
  });
  return { x, series, stages: order.map((stage) => ({ x: offset.get(stage)! + 1, stage })) };
}

/** The initial fine-tune first, then iterations in order. */
function stageRank(stage: string): number {
  const t = /^train t=(\d+)$/.exec(stage);
  return t ? Number(t[1]) : stage === 'finetune' ? -1 : Number.MAX_SAFE_INTEGER;
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

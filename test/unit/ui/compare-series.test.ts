// The Compare page's charts and numbers: one series per run on every chart, gaps where a run has no value.
import { describe, expect, it } from 'vitest';
import { lossChart, metricChart, runStyle, type RunCurves } from '../../../src/ui/compare/compare-series';
import { metricRows } from '../../../src/ui/compare/metric-rows';
import { compareHash, formatRunIds, parseRunIds } from '../../../src/ui/compare/compare-link';
import { runLabel, runSummary, unfinishedNote } from '../../../src/ui/compare/run-label';
import { smooth } from '../../../src/ui/charts/series';

const m = (accuracy: number, siFreq = 0, siContrib = 0) => ({ accuracy, siFreq, siContrib, n: 8 });
const A: RunCurves = { label: '#1 a', loss: [3, 2, 1], iterations: 2, evals: { '0:seen': m(0.25), '1:seen': m(0.5, 0.125), '2:seen': m(0.75), '0:unseen': m(0.1) } };
const B: RunCurves = { label: '#2 b', loss: [4, 3, 2, 1, 0.5], iterations: 1, evals: { '1:seen': m(0.375, 0.5, 0.25) } };

describe('compare series', () => {
  it('draws one loss series per run against step, the shorter run ending in gaps', () => {
    const raw = lossChart([A, B], false);
    expect(raw.x).toEqual([1, 2, 3, 4, 5]);
    expect(raw.series.map((s) => s.label)).toEqual(['#1 a', '#2 b']);
    expect(raw.series[0].values).toEqual([3, 2, 1, null, null]);
    expect(raw.series[1].values).toEqual([4, 3, 2, 1, 0.5]);
    const smoothed = lossChart([A, B], true);
    expect(smoothed.series[1].values).toEqual(smooth(B.loss));
    expect(smoothed.series[0].values.slice(3)).toEqual([null, null]);
    expect(lossChart([], true)).toEqual({ x: [], series: [], stages: [] });
  });

  it('aligns stages: each starts at the same step for every run, as wide as the run with most steps in it', () => {
    const C: RunCurves = { ...A, loss: [5, 4, 3, 2, 1], stages: ['finetune', 'finetune', 'train t=1', 'train t=2', 'train t=2'] };
    const D: RunCurves = { ...B, loss: [6, 5, 4, 3], stages: ['train t=2', 'train t=1', 'train t=1', 'train t=1'] };
    const chart = lossChart([C, D], false, true);
    expect(chart.x).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(chart.stages).toEqual([{ x: 1, stage: 'finetune' }, { x: 3, stage: 'train t=1' }, { x: 6, stage: 'train t=2' }]);
    expect(chart.series[0].values).toEqual([5, 4, 3, null, null, 2, 1]);
    expect(chart.series[1].values).toEqual([null, null, 5, 4, 3, 6, null]);
    // Smoothing runs over the run's own steps, then the points are placed.
    const s = smooth(D.loss);
    expect(lossChart([C, D], true, true).series[1].values).toEqual([null, null, s[1], s[2], s[3], s[0], null]);
    expect(lossChart([C, D], false, false).stages).toEqual([]);
  });

  it('draws one metric series per run over iterations 0..the longest t, with gaps where not evaluated', () => {
    const seen = metricChart([A, B], 'accuracy', 'seen');
    expect(seen.x).toEqual([0, 1, 2]);
    expect(seen.series.map((s) => s.values)).toEqual([
      [0.25, 0.5, 0.75],
      [null, 0.375, null],
    ]);
    expect(metricChart([A, B], 'siFreq', 'seen').series[1].values).toEqual([null, 0.5, null]);
    expect(metricChart([A, B], 'accuracy', 'unseen').series[0].values).toEqual([0.1, null, null]);
    expect(seen.series.every((s) => s.points)).toBe(true);
  });

  it('gives each run its own colour, and a dash once the colours come round again', () => {
    const styles = Array.from({ length: 9 }, (_, i) => runStyle(i));
    expect(new Set(styles.slice(0, 8).map((s) => s.color)).size).toBe(8);
    expect(styles[0].dash).toBeUndefined();
    expect(styles[8]).toEqual({ color: styles[0].color, dash: [6, 4] });
    expect(lossChart([A, B], true).series.map((s) => s.color)).toEqual([styles[0].color, styles[1].color]);
  });

  it('lists every model of every run for the table, unmeasured ones included', () => {
    const rows = metricRows([A, B]);
    expect(rows.map((r) => `${r.label}:${r.iteration}`)).toEqual(['#1 a:0', '#1 a:1', '#1 a:2', '#2 b:0', '#2 b:1']);
    expect(rows[0]).toEqual({ run: 0, label: '#1 a', iteration: 0, seen: m(0.25), unseen: m(0.1) });
    expect(rows[3].seen).toBeUndefined();
    expect(rows[4].seen).toEqual(m(0.375, 0.5, 0.25));
  });
});

describe('compare links and labels', () => {
  it('reads the runs of a link in order, each once, leaving out what is not an id', () => {
    expect(parseRunIds('7,3,7, 12 ,x,-1,0,1.5,')).toEqual([7, 3, 12]);
    expect(parseRunIds(null)).toEqual([]);
    expect(parseRunIds('')).toEqual([]);
    expect(formatRunIds([3, 7])).toBe('3,7');
  });

  it('links the Compare page with readable commas, carrying the hide list', () => {
    expect(compareHash([3, 7])).toBe('#/compare?runs=3,7');
    expect(compareHash([])).toBe('#/compare');
    expect(compareHash([1, 2], 'critic,p')).toBe('#/compare?runs=1,2&hide=critic%2Cp');
    expect(compareHash([], 'p')).toBe('#/compare?hide=p');
  });

  it('labels a run by id and name, and says how an unfinished one stands', () => {
    expect(runLabel(3, 'Demo: tripost')).toBe('#3 Demo: tripost');
    expect(runSummary({ task: 'msa', level: 'quick', method: 'tripost-no-rebalance', iterations: 3 })).toBe('msa (quick) · TriPosT without rebalancing · t = 3');
    expect(runSummary({ task: 'ws', method: 'ft-rationale', iterations: 0 })).toBe('ws · ft rationale · t = 0');
    expect(runSummary({ source: 'jsonl', file: 'a.jsonl' })).toBe('trajectories imported from a JSONL file, no run settings');
    expect(runSummary({})).toBe('no run settings');
    expect(unfinishedNote('done', null)).toBeNull();
    expect(unfinishedNote('paused', 'in Weighted training (iteration 2), after step 17 of 24')).toBe(
      'unfinished: stopped, in Weighted training (iteration 2), after step 17 of 24',
    );
    expect(unfinishedNote('failed', null)).toBe('unfinished: failed');
    expect(unfinishedNote('created', 'at the start of Editing (iteration 1)')).toBe('unfinished: not started, at the start of Editing (iteration 1)');
  });
});

// The shared line chart: an axis that fits its data (one iteration centred, not uPlot's 0–100) and labelled marks.
import { afterEach, describe, expect, it } from 'vitest';
import { mount, unmount } from 'svelte';
import LineChart from '../../../src/ui/charts/LineChart.svelte';

let page: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (page) unmount(page);
  page = null;
  document.body.innerHTML = '';
});

const chart = () => document.querySelector<HTMLElement>('[data-testid=chart]')!;

describe('LineChart', () => {
  it('centres a single x value (a run evaluated at t = 0 only) instead of an axis from 0 to 100', async () => {
    page = mount(LineChart, { target: document.body, props: { title: 'Accuracy', xLabel: 'iteration', x: [0], series: [{ label: 'seen', color: '#000', values: [0.5], points: true }], integerX: true, yRange: [0, 1], testid: 'chart' } });
    await expect.poll(() => chart().dataset.xRange).toBe('-0.5..0.5');
  });

  it('keeps the data range for several x values and shows its marks', async () => {
    const marks = [{ x: 1, label: 'fine-tune' }, { x: 4, label: 't=1' }];
    page = mount(LineChart, { target: document.body, props: { title: 'Loss', xLabel: 'step', x: [1, 2, 3, 4, 5], series: [{ label: 'loss', color: '#000', values: [3, 2, 1, 0.5, 0.4] }], integerX: true, marks, testid: 'chart' } });
    await expect.poll(() => chart().dataset.xRange).toBe('1..5');
    expect(chart().dataset.marks).toBe('1:fine-tune 4:t=1');
  });
});

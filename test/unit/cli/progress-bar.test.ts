// The CLI's stderr: a summary line per stage, and each evaluation and training mix as it lands.
import { describe, expect, it } from 'vitest';
import { ProgressBars } from '../../../src/cli/progress-bar';

function bars() {
  const lines: string[] = [];
  return { bars: new ProgressBars({ write: (t: string) => lines.push(t), isTTY: false }), text: () => lines.join('') };
}

describe('ProgressBars', () => {
  it('prints an evaluation and a training mix the moment they are reported', () => {
    const { bars: b, text } = bars();
    b.update('tripost', { type: 'stage', iteration: 1, stage: 'postprocess' });
    b.update('tripost', { type: 'mix', iteration: 1, tooLong: 0, mix: { improvement: 12, correct: 8, gold: 8, available: { improvement: 12, correct: 40, gold: 256 } } });
    b.update('tripost', { type: 'eval', iteration: 1, split: 'seen', metrics: { accuracy: 0.674, siFreq: 0.05, siContrib: 1 / 67, n: 100 } });
    expect(text()).toContain('tripost t=1 training mix: 12 improvement · 8 correct · 8 gold (of 12 · 40 · 256 available)\n');
    expect(text()).toContain('tripost t=1 seen: accuracy 67.4% · SI.Freq 5% · SI.Contrib 1.5% (100 problems)\n');
  });

  it('ends each stage with one line saying how long it took', () => {
    const { bars: b, text } = bars();
    b.update('ft-si-demo', { type: 'stage', iteration: 0, stage: 'evaluate' });
    b.update('ft-si-demo', { type: 'progress', iteration: 0, stage: 'evaluate', done: 4, total: 4, itemsPerSecond: 2, etaSeconds: 0 });
    b.finish();
    expect(text()).toMatch(/^ft-si-demo t=0 evaluate\s+\[#{24}\] 4\/4 done in \d+\.\ds\n$/);
  });
});

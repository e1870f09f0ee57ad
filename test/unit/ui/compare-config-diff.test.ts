// The Compare page's settings table: one row per setting, the runs' values as text, and which rows differ.
import { describe, expect, it } from 'vitest';
import { ABSENT, configValueText, countDiffering, diffConfigs, flattenConfig } from '../../../src/ui/compare/config-diff';
import { DEFAULT_CONFIG, DEFAULT_P, methodConfig } from '../../../src/tripost/config';

const row = (rows: ReturnType<typeof diffConfigs>, key: string) => rows.find((r) => r.key === key);

describe('config diff', () => {
  it('marks the settings two runs differ in, and only those', () => {
    const a = { ...DEFAULT_CONFIG, iterations: 2 };
    const b = { ...DEFAULT_CONFIG, iterations: 3, w: 2, task: 'ws' as const };
    const rows = diffConfigs([a, b]);
    expect(rows.filter((r) => r.differs).map((r) => r.key)).toEqual(['task', 'iterations', 'w']);
    expect(row(rows, 'iterations')).toEqual({ key: 'iterations', values: ['2', '3'], differs: true });
    expect(row(rows, 'seed')).toEqual({ key: 'seed', values: ['1', '1'], differs: false });
    expect(rows).toHaveLength(Object.keys(DEFAULT_CONFIG).length);
    expect(countDiffering(rows)).toBe(3);
  });

  it('keeps the default config order, then settings it does not know in the order they appear', () => {
    const rows = diffConfigs([{ zeta: 1, w: 1.5, task: 'msa' }, { task: 'msa', extra: 'x' }]);
    expect(rows.map((r) => r.key)).toEqual(['task', 'w', 'zeta', 'extra']);
    expect(row(rows, 'zeta')).toEqual({ key: 'zeta', values: ['1', ABSENT], differs: true });
    expect(row(rows, 'extra')!.values).toEqual([ABSENT, 'x']);
  });

  it('shows unset p, yes/no, fractions to 4 digits, and compares the stored values, not the shown ones', () => {
    const tripost = methodConfig(DEFAULT_CONFIG, 'tripost');
    const noRebalance = methodConfig(DEFAULT_CONFIG, 'tripost-no-rebalance');
    const rows = diffConfigs([tripost, noRebalance, { ...tripost, p: DEFAULT_P + 1e-9, warmStart: true }]);
    expect(row(rows, 'p')!.values).toEqual(['0.4286', 'unset', '0.4286']);
    expect(row(rows, 'warmStart')).toEqual({ key: 'warmStart', values: ['no', 'no', 'yes'], differs: true });
    expect(row(rows, 'method')!.values).toEqual(['tripost', 'tripost-no-rebalance', 'tripost']);
    expect(diffConfigs([{ p: DEFAULT_P }, { p: DEFAULT_P + 1e-9 }])[0].differs).toBe(true);
    expect(configValueText(1e-3)).toBe('0.001');
    expect(configValueText(3e-4)).toBe('0.0003');
    expect(configValueText(0)).toBe('0');
  });

  it('flattens nested settings into dotted keys and keeps lists whole', () => {
    expect([...flattenConfig({ a: 1, opt: { beta: [0.9, 0.95], lr: { base: 2 } }, gone: undefined })]).toEqual([
      ['a', 1],
      ['opt.beta', [0.9, 0.95]],
      ['opt.lr.base', 2],
    ]);
    const rows = diffConfigs([{ opt: { beta: [0.9, 0.95] } }, { opt: { beta: [0.9, 0.99] } }]);
    expect(rows).toEqual([{ key: 'opt.beta', values: ['[0.9,0.95]', '[0.9,0.99]'], differs: true }]);
  });

  it('finds nothing different in identical configs, and a single run differs from no one', () => {
    expect(countDiffering(diffConfigs([DEFAULT_CONFIG, { ...DEFAULT_CONFIG }]))).toBe(0);
    expect(countDiffering(diffConfigs([DEFAULT_CONFIG]))).toBe(0);
    expect(diffConfigs([])).toEqual([]);
  });
});

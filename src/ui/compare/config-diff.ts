// Runs' configurations side by side: one row per setting, one value per run, and whether the runs differ in it.
import { DEFAULT_CONFIG } from '../../tripost/config';

export interface ConfigRow {
  /** The setting's name; a nested one is dotted ("optimizer.beta1"). */
  key: string;
  /** Each run's value as text, in the runs' order; ABSENT where a run's config has no such setting. */
  values: string[];
  /** The runs do not all have the same value (a setting one run lacks counts as different). */
  differs: boolean;
}

/** The text of a setting a run's config does not have (an older or newer version of the playground wrote it). */
export const ABSENT = '—';

// Any config object: a stored one (JSON) or a RunConfig, which as an interface has no index signature.
type Config = object;

/** The settings of a config as dotted keys and their raw values; arrays stay whole (a list is one setting). */
export function flattenConfig(config: Config, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(config) as [string, unknown][]) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of flattenConfig(value, name)) out.set(k, v);
    } else if (value !== undefined) {
      out.set(name, value);
    }
  }
  return out;
}

/** A setting's value as the table shows it: null is "unset" (e.g. p without rebalancing), fractions to 4 significant digits. */
export function configValueText(value: unknown): string {
  if (value === undefined) return ABSENT;
  if (value === null) return 'unset';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * The rows for these configs, in the runs' order. Settings come in the order of the default config (task, level,
 * method… as the Demo's form groups them), then any others in the order they first appear. Values are compared as
 * stored, not as shown, so two learning rates that round alike still count as different.
 */
export function diffConfigs(configs: readonly Config[], order: readonly string[] = Object.keys(DEFAULT_CONFIG)): ConfigRow[] {
  const flat = configs.map((c) => flattenConfig(c));
  const keys = new Set<string>();
  for (const key of order) if (flat.some((f) => f.has(key))) keys.add(key);
  for (const f of flat) for (const key of f.keys()) keys.add(key);
  return [...keys].map((key) => {
    const raw = flat.map((f) => (f.has(key) ? JSON.stringify(f.get(key)) : undefined));
    return { key, values: flat.map((f) => configValueText(f.get(key))), differs: raw.some((r) => r !== raw[0]) };
  });
}

/** How many of the rows differ. */
export function countDiffering(rows: readonly ConfigRow[]): number {
  return rows.filter((r) => r.differs).length;
}

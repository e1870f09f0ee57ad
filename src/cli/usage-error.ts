// A bad command line: the CLI prints its message with a pointer to --help and exits 2 (src/cli/experiment.ts).
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A flag's value as a whole number of at least 1, or a UsageError naming the flag. */
export function positiveInteger(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag}: expected a whole number of at least 1; got '${raw}'`);
  return n;
}

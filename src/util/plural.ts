// Counts in words: "1 trajectory", "2 trajectories", "0 checkpoints", "12,345 problems".

/** The noun for `n` things: `one` for exactly 1, else `many` (default: `one` + "s"). */
export function noun(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** `n` (grouped in thousands, en-US) and its noun in the right number: plural(1, 'checkpoint') is "1 checkpoint". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${noun(n, one, many)}`;
}

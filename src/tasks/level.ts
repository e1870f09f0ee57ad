// Difficulty levels: `paper` is the paper's setting; easier levels let a small model trained in a tab reach a
// useful accuracy. Seen and unseen are defined per level (unseen stays harder than seen).

export type Level = 'easy' | 'quick' | 'paper';

export const LEVELS: readonly Level[] = ['easy', 'quick', 'paper'];

/** What each level is, in a line, for the CLI's help and the Demo's form. */
export const LEVEL_TEXT: Record<Level, string> = {
  easy: 'the smallest problems: a learning check that trains in a minute',
  quick: 'small problems a model trained in a tab learns in minutes (the shipped warm starts)',
  paper: 'the paper\'s problem sizes',
};

export function isLevel(x: unknown): x is Level {
  return typeof x === 'string' && (LEVELS as readonly string[]).includes(x);
}

/** A stored config from before levels existed means the paper's level. */
export function levelOf(x: unknown): Level {
  return isLevel(x) ? x : 'paper';
}

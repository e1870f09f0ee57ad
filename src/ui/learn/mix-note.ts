// Why the training mix's improvement share differs from p. The counts come from rebalance (src/tripost/postprocess.ts):
// for n_imp improvement examples, p asks for n_imp / r directly-correct examples and as many gold (r = 2p / (1 − p)).
// rebalance rounds that up to a whole number and can use no more examples than the batch has; this module only reads
// the mix it made and says which of the two happened.
import { ratioFromP } from '../../tripost/config';
import type { TrainingMix } from '../../tripost/postprocess';

export type MixNoteKind = 'exact' | 'rounded' | 'short' | 'empty' | 'unset';

export interface MixNote {
  kind: MixNoteKind;
  text: string;
}

/** n of total in whole percent, as the page shows it ("25%"). */
export function percent(n: number, total: number): string {
  return `${total > 0 ? ((100 * n) / total).toFixed(0) : 0}%`;
}

/** 72 → "72", 10.666 → "10.7". */
function count(x: number): string {
  return String(Math.round(x * 10) / 10);
}

const EPS = 1e-6;

export function mixNote(mix: TrainingMix, p: number | null): MixNote {
  const imp = mix.improvement;
  const total = imp + mix.correct + mix.gold;
  const made = `improvement examples make up ${percent(imp, total)} of the mix`;
  if (p === null) return { kind: 'unset', text: `Without rebalancing, ${made}.` };
  const asked = `p = ${p.toFixed(2)} asks for ${percent(p, 1)} improvement examples`;
  if (imp === 0) {
    return { kind: 'empty', text: `${asked}, but this batch has none, so rebalancing keeps no directly-correct or gold examples either.` };
  }
  // What p asks for, before rounding: n_imp / r of each.
  const ideal = imp / ratioFromP(p);
  const head = `${asked}: with ${imp} of them, that is ${count(ideal)} directly-correct and ${count(ideal)} gold examples.`;
  const goldShort = mix.gold < mix.correct;
  if (mix.correct < ideal - EPS) {
    // rebalance never rounds down: fewer than asked means the batch ran out, and every one it has is used.
    const has = mix.gold === mix.available.gold
      ? `only ${mix.correct} directly-correct and ${mix.gold} gold examples, so all of them are used`
      : `only ${mix.correct} directly-correct examples, so all of them are used, with as many gold`;
    return { kind: 'short', text: `${head} This batch has ${has}, and ${made}.` };
  }
  if (mix.correct > ideal + EPS) {
    const gold = goldShort ? `, but the batch has only ${mix.gold} gold examples` : ` and ${mix.gold} gold`;
    return {
      kind: 'rounded',
      text: `${head} Counts are whole numbers, so that rounds up to ${mix.correct} directly-correct${gold}, and ${made}.`,
    };
  }
  if (goldShort) {
    return { kind: 'short', text: `${head} This batch has only ${mix.gold} gold examples, so all of them are used, and ${made}.` };
  }
  return { kind: 'exact', text: `${head} Those are whole numbers, so ${made}, as asked.` };
}

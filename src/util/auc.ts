// Area under the ROC curve of a score that should be higher for positives: P(positive > negative), ties half.

export function auc(positives: readonly number[], negatives: readonly number[]): number {
  if (!positives.length || !negatives.length) return NaN;
  let s = 0;
  for (const n of negatives) for (const p of positives) s += p > n ? 1 : p === n ? 0.5 : 0;
  return s / (positives.length * negatives.length);
}

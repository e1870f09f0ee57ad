// What a chart draws, and the smoothing the loss chart adds to its raw curve.

export interface LineSeries {
  label: string;
  color: string;
  /** One value per x; null leaves a gap. */
  values: (number | null)[];
  /** Dots on every point: for short series (a few iterations) where a line alone hides the data. */
  points?: boolean;
  /** The dots' diameter in CSS pixels (default 6): series drawn later at a smaller size leave the earlier ones' rims visible. */
  pointSize?: number;
  dash?: number[];
  width?: number;
}

/** Exponential moving average with bias correction (as TensorBoard draws it), so the first points are not pulled to 0. */
export function smooth(values: readonly number[], factor = 0.9): number[] {
  const out: number[] = [];
  let avg = 0;
  values.forEach((v, i) => {
    avg = factor * avg + (1 - factor) * v;
    out.push(avg / (1 - factor ** (i + 1)));
  });
  return out;
}

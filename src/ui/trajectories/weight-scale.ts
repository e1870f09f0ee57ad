// How the token-weight view shades a token: the colour's opacity is proportional to the token's loss weight, on a
// fixed scale that ends at the Learn page's largest w. So weight 0 (padding) is no shade at all, weight 1 a light
// one, and w = 1.5, 4 and 5 visibly different, whatever w is set to. The legend says the same in words.

/** The Learn page's w slider. */
export const W_SLIDER = { min: 0.5, max: 5, step: 0.1 } as const;

/** The opacity of the heaviest weight on the scale (not 1, so the text on it stays easy to read). */
export const FULL_ALPHA = 0.85;
const RGB = '237, 137, 54';

/** The weight shown at full strength: the slider's maximum, or w itself where a run set a larger one. */
export function scaleMax(w: number): number {
  return Math.max(W_SLIDER.max, Number.isFinite(w) ? w : 0);
}

/** Opacity proportional to the weight: 0 for weight 0, FULL_ALPHA for weight `max`. */
export function weightAlpha(weight: number, max: number): number {
  if (!(max > 0) || !(weight > 0)) return 0;
  return Math.round(FULL_ALPHA * Math.min(1, weight / max) * 1000) / 1000;
}

/** The CSS colour of a token of this weight. */
export function weightShade(weight: number, max: number): string {
  return `rgba(${RGB}, ${weightAlpha(weight, max)})`;
}

/** The scale drawn as a bar: from no shade at weight 0 to full strength at `max`. */
export function scaleGradient(max: number): string {
  return `linear-gradient(to right, ${weightShade(0, max)}, ${weightShade(max, max)})`;
}

/** A weight as the page writes it: 1.5, 4, 0.7 (no float noise from the slider). */
export function formatWeight(weight: number): string {
  return String(Math.round(weight * 100) / 100);
}

export interface LegendEntry {
  weight: number;
  /** "0", "1", "w = 1.5". */
  name: string;
  /** Which tokens weigh this much. */
  tokens: string;
}

/** What weight 0, 1 and w mean and which tokens have them. */
export function weightLegend(w: number): LegendEntry[] {
  return [
    { weight: 0, name: '0', tokens: 'padding, which the loss skips (this text has none)' },
    { weight: 1, name: '1', tokens: 'every token before the first Feedback:' },
    { weight: w, name: `w = ${formatWeight(w)}`, tokens: 'from the first Feedback: to the end' },
  ];
}

/** Where a weight sits on the scale bar, in percent of its width. */
export function scalePosition(weight: number, max: number): number {
  if (!(max > 0)) return 0;
  return Math.round(Math.max(0, Math.min(1, weight / max)) * 1000) / 10;
}

/** How a label at this position lines up with its mark, so labels at the ends stay inside the bar's width. */
export function markAlign(position: number): 'start' | 'center' | 'end' {
  return position < 8 ? 'start' : position > 92 ? 'end' : 'center';
}

// Numbers as the UI shows them.

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** 12345 → "12,345". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A share in [0, 1] in percent with one decimal and no sign ("62.5"), as the results tables show it; "–" when not measured. */
export function formatPercent(share: number | null | undefined): string {
  return share === undefined || share === null ? '–' : (100 * share).toFixed(1);
}

export { noun, plural } from '../util/plural';

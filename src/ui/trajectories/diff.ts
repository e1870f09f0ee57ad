// A word diff between two attempts: longest common subsequence over words and the spaces between them.

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Beyond this many table cells (≈ 3,000 × 3,000 words) the diff says "all replaced" instead of computing. */
const MAX_CELLS = 9_000_000;

const tokenize = (s: string): string[] => s.match(/\s+|[^\s]+/g) ?? [];

function push(parts: DiffPart[], kind: DiffPart['kind'], text: string): void {
  const last = parts[parts.length - 1];
  if (last?.kind === kind) last.text += text;
  else if (text) parts.push({ kind, text });
}

/** Parts that turn `a` into `b`: `same` parts are in both, `removed` only in `a`, `added` only in `b`. */
export function diffWords(a: string, b: string): DiffPart[] {
  const x = tokenize(a);
  const y = tokenize(b);
  // Common ends cost nothing and shrink the table to the changed middle.
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const parts: DiffPart[] = [];
  push(parts, 'same', x.slice(0, start).join(''));
  const mx = x.slice(start, endX);
  const my = y.slice(start, endY);
  if (mx.length * my.length > MAX_CELLS) {
    push(parts, 'removed', mx.join(''));
    push(parts, 'added', my.join(''));
  } else {
    middle(parts, mx, my);
  }
  push(parts, 'same', x.slice(endX).join(''));
  return parts;
}

function middle(parts: DiffPart[], x: string[], y: string[]): void {
  const n = x.length;
  const m = y.length;
  const width = m + 1;
  // lcs[i * width + j]: length of the LCS of x[i..] and y[j..].
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = x[i] === y[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      push(parts, 'same', x[i]);
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
      push(parts, 'removed', x[i++]);
    } else {
      push(parts, 'added', y[j++]);
    }
  }
  while (i < n) push(parts, 'removed', x[i++]);
  while (j < m) push(parts, 'added', y[j++]);
}

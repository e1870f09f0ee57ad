// Where the critic's wrong segment sits in an attempt: inside the error step's line when it is there.

export interface Marked {
  before: string;
  marked: string;
  after: string;
}

/** "(2)", "2" and "Final response" all name a step line by its "(label)" prefix. */
function stepPrefix(errorStep: string): string {
  const label = errorStep.trim().replace(/^\(|\)$/g, '');
  return `(${label})`;
}

function find(text: string, segment: string, from: number, to: number): [number, number] | null {
  for (const candidate of [segment, segment.trim()]) {
    if (!candidate) continue;
    const at = text.indexOf(candidate, from);
    if (at >= 0 && at + candidate.length <= to) return [at, at + candidate.length];
  }
  return null;
}

/** The attempt split around the wrong segment; null when the segment is not in the attempt. */
export function markSegment(attempt: string, segment: string | undefined, errorStep: string | undefined): Marked | null {
  if (!segment) return null;
  let range: [number, number] | null = null;
  if (errorStep) {
    const prefix = stepPrefix(errorStep);
    let lineStart = 0;
    for (const line of attempt.split('\n')) {
      if (line.trimStart().startsWith(prefix)) {
        range = find(attempt, segment, lineStart, lineStart + line.length);
        break;
      }
      lineStart += line.length + 1;
    }
  }
  range ??= find(attempt, segment, 0, attempt.length);
  if (!range) return null;
  return { before: attempt.slice(0, range[0]), marked: attempt.slice(range[0], range[1]), after: attempt.slice(range[1]) };
}

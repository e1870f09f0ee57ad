// The runs the Compare page shows live in its URL (`#/compare?runs=3,7`), so a comparison can be linked.

/** The Compare page's hash path, as pages.ts registers it. */
export const COMPARE_PATH = 'compare';

/** The run ids of a `runs` value, in order, each once: "7,3,7,x" is [7, 3]; what is not a whole number is left out. */
export function parseRunIds(value: string | null): number[] {
  if (!value) return [];
  const ids: number[] = [];
  for (const part of value.split(',')) {
    const text = part.trim();
    if (!/^\d+$/.test(text)) continue;
    const id = Number(text);
    if (id > 0 && Number.isSafeInteger(id) && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** The `runs` value for these ids ("3,7"); "" for none. */
export function formatRunIds(ids: readonly number[]): string {
  return ids.join(',');
}

/** The link to the Compare page for these runs; `hide` (a teacher's hidden controls) travels with it as Nav's links do. */
export function compareHash(ids: readonly number[], hide: string | null = null): string {
  // Built by hand, not with URLSearchParams, so the commas stay readable in a shared link.
  const parts = ids.length > 0 ? [`runs=${formatRunIds(ids)}`] : [];
  if (hide) parts.push(`hide=${encodeURIComponent(hide)}`);
  return `#/${COMPARE_PATH}${parts.length > 0 ? `?${parts.join('&')}` : ''}`;
}

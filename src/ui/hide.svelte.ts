// `?hide=critic,p`: a teacher hides controls so a class sees only what matters. Read from the page's
// query string and from the hash's query, so both `?hide=p#/demo` and `#/demo?hide=p` work.
import { formatHash, router } from './router.svelte';

/** The ids in one `hide` value: comma-separated, trimmed, lower case. */
export function parseHide(value: string | null): Set<string> {
  if (!value) return new Set();
  return new Set(
    value
      .split(',')
      .map((id) => id.trim().toLowerCase())
      .filter((id) => id !== ''),
  );
}

/** Every id hidden by the address: the page's `?hide=` and the hash's `hide=` together. */
export function hiddenIds(search: string, hashQuery: URLSearchParams): Set<string> {
  const fromSearch = parseHide(new URLSearchParams(search).get('hide'));
  for (const id of parseHide(hashQuery.get('hide'))) fromSearch.add(id);
  return fromSearch;
}

/** Whether the control (or page) `id` is hidden; reactive, so `{#if !isHidden('p')}` follows the URL. */
export function isHidden(id: string): boolean {
  return hiddenIds(window.location.search, router.query).has(id.toLowerCase());
}

/** Whether the page at `path` (pages.ts) is hidden: its tab, and every link and button that opens it, are left out. */
export function isPageHidden(path: string): boolean {
  return isHidden(path);
}

/** The hash of a link to the page at `path`, carrying the address's hide list so what is hidden stays hidden there. */
export function pageHash(path: string, query: Record<string, string | undefined> = {}): string {
  return formatHash(path, { ...query, hide: router.param('hide') ?? undefined });
}

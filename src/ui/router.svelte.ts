// Hash routing: `#/page?key=value` names the page and its shareable state; the history keeps one entry per page visit.

export interface Location {
  /** The page's path without slashes, e.g. "trajectories"; "" for the default page. */
  path: string;
  query: URLSearchParams;
}

/** Parses `#/trajectories?run=3` into its path and query. */
export function parseHash(hash: string): Location {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const path = (q < 0 ? body : body.slice(0, q)).replace(/\/+$/, '');
  return { path, query: new URLSearchParams(q < 0 ? '' : body.slice(q + 1)) };
}

/** The hash for a path and query; empty query values are left out so links stay short. */
export function formatHash(path: string, query: URLSearchParams | Record<string, string | undefined> = {}): string {
  const entries = query instanceof URLSearchParams ? [...query] : Object.entries(query);
  const kept = entries.filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  const search = new URLSearchParams(kept).toString();
  return `#/${path}${search ? `?${search}` : ''}`;
}

export class Router {
  path = $state('');
  query = $state.raw(new URLSearchParams());

  #read = () => {
    const next = parseHash(window.location.hash);
    this.path = next.path;
    this.query = next.query;
  };

  /** Follows the address bar; returns the function that stops following it. */
  start(): () => void {
    this.#read();
    window.addEventListener('hashchange', this.#read);
    return () => window.removeEventListener('hashchange', this.#read);
  }

  /** A query parameter of the current page, or null. */
  param(name: string): string | null {
    return this.query.get(name);
  }

  /** Merges `changes` into the current query (undefined or "" removes a key) without a new history entry. */
  update(changes: Record<string, string | undefined>): void {
    const query = new URLSearchParams(this.query);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') query.delete(key);
      else query.set(key, value);
    }
    // replaceState fires no hashchange: update the state here.
    history.replaceState(history.state, '', formatHash(this.path, query));
    this.query = query;
  }
}

/** The app's one router. */
export const router = new Router();

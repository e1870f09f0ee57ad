// The shipped warm starts, fetched from the app's own public/checkpoints/ (same origin; nothing leaves the machine).
import type { WarmStartManifest } from '../tripost/warmstart-manifest';

/** The checkpoint file of a shipped warm start; a clear message when it is missing or the server fails. */
export async function fetchWarmStart(name: string): Promise<Uint8Array> {
  const url = `${import.meta.env.BASE_URL}checkpoints/${encodeURIComponent(name)}.safetensors`;
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`The warm start ${name} could not be fetched from ${url} (${(e as Error).message}); reload the page and try again`);
  }
  if (!res.ok) throw new Error(`The warm start ${name} is not shipped with this build (${url} answered ${res.status}); start from scratch instead, or rebuild it with npm run warmstart`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The manifest of the shipped warm starts, or null with the reason this build has none (or it could not be read). */
export async function readWarmStartManifest(): Promise<{ manifest: WarmStartManifest | null; problem: string | null }> {
  const url = `${import.meta.env.BASE_URL}checkpoints/manifest.json`;
  try {
    const res = await fetch(url);
    // A server that answers every path with the app's page (an SPA fallback) has no manifest either.
    if (res.status === 404 || (res.ok && res.headers.get('content-type')?.includes('text/html'))) {
      return { manifest: null, problem: `this build ships no warm starts (${url} ${res.status === 404 ? 'answered 404' : 'is not there'})` };
    }
    if (!res.ok) return { manifest: null, problem: `the list of shipped warm starts could not be read (${url} answered ${res.status})` };
    const manifest = (await res.json()) as WarmStartManifest;
    if (!Array.isArray(manifest?.checkpoints)) return { manifest: null, problem: `${url} is not a warm-start manifest (no checkpoints list)` };
    return { manifest, problem: null };
  } catch (e) {
    return { manifest: null, problem: `the list of shipped warm starts could not be read from ${url} (${(e as Error).message})` };
  }
}

/** The manifest of the shipped warm starts (how each was made, what it scores); null when this build has none. */
export async function fetchWarmStartManifest(): Promise<WarmStartManifest | null> {
  return (await readWarmStartManifest()).manifest;
}

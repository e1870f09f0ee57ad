// The shipped warm starts, fetched from the app's own public/checkpoints/ (same origin; nothing leaves the machine).

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

/** The manifest of the shipped warm starts (how each was made, what it scores); null when this build has none. */
export async function fetchWarmStartManifest(): Promise<import('../tripost/warmstart-manifest').WarmStartManifest | null> {
  try {
    const res = await fetch(`${import.meta.env.BASE_URL}checkpoints/manifest.json`);
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

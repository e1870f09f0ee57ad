// The SDK adds X-Stainless-* telemetry headers; strict CORS servers reject a preflight that names them.

type Fetch = typeof globalThis.fetch;

/** Whether a request header is SDK telemetry that the server does not need. */
export function isTelemetryHeader(name: string): boolean {
  return name.toLowerCase().startsWith('x-stainless-');
}

/** A fetch that drops X-Stainless-* headers before calling `inner`. */
export function stripTelemetryFetch(inner: Fetch = (...args) => globalThis.fetch(...args)): Fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    for (const name of [...headers.keys()]) if (isTelemetryHeader(name)) headers.delete(name);
    return inner(input, { ...init, headers });
  };
}

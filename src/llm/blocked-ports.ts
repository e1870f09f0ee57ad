// Ports browsers refuse to fetch from, whatever answers there (the Fetch standard's "bad port" list, which Chrome,
// Firefox, Safari and Node's fetch all follow): a request fails at once with a TypeError (Chrome: ERR_UNSAFE_PORT),
// before any packet is sent, so it looks like nothing answers when the browser never asked.

export const BLOCKED_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115,
  117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601,
  636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697,
  10080,
]);

/** The port of an http(s) URL that browsers refuse to connect to, or null (an unreadable URL, the default port, an allowed one). */
export function blockedPort(url: string): number | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  // URL drops a scheme's default port (80, 443), which is never blocked.
  if (parsed.port === '') return null;
  const port = Number(parsed.port);
  return BLOCKED_PORTS.has(port) ? port : null;
}

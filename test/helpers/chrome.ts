// Where the browser tiers find Chromium, and the flags that give it WebGPU on a machine without a GPU.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The Chromium to drive, or undefined when none is installed (scripts/provision.sh installs one). */
export function findChrome(): string | undefined {
  try {
    return chromePath();
  } catch {
    return undefined;
  }
}

export function chromePath(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // not on PATH; try the next name
    }
  }
  throw new Error('No Chromium found: run `bash scripts/provision.sh`, or set CHROME_PATH=/path/to/chrome');
}

export const chromeArgs = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

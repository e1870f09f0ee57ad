// `npm run bench -- --only store-chromium`: the store benchmark (src/store/bench.ts) in headless Chromium, on its real
// IndexedDB. A Vite dev server serves bench/store-page.html, which `npm run build` leaves out (its input is index.html).
import { fileURLToPath } from 'node:url';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { createServer } from 'vite';
import type { BenchStoreOptions, BenchStoreResult } from '../src/store/bench';
import { launchChromium } from '../test/helpers/browser';

export type StoreChromiumOptions = Omit<BenchStoreOptions, 'indexedDB' | 'IDBKeyRange'> & {
  /** How long the page may take to load, and the benchmark to run; default 2 and 15 minutes. */
  loadTimeoutMs?: number;
  runTimeoutMs?: number;
};

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A port the OS calls free: Vite takes port 0 for "the default, 5173", which `npm start` may hold. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function benchStoreChromium(options: StoreChromiumOptions = {}): Promise<BenchStoreResult> {
  const { loadTimeoutMs = 120_000, runTimeoutMs = 900_000, ...sizes } = options;
  const server = await createServer({
    root: ROOT,
    configFile: `${ROOT}/vite.config.ts`,
    logLevel: 'warn',
    // No watcher or HMR: nothing changes under a benchmark, and a reload mid-run would lose it.
    server: { port: await freePort(), host: '127.0.0.1', strictPort: false, hmr: false, watch: null },
    // Crawl only the bench page for dependencies, so none is discovered (and the page reloaded) mid-run.
    optimizeDeps: { entries: ['bench/store-page.html'] },
  });
  try {
    await server.listen();
    const { port } = server.httpServer!.address() as AddressInfo;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (msg) => msg.type() === 'error' && pageErrors.push(msg.text()));
      const seen = () => (pageErrors.length ? `; the page reported: ${pageErrors.join(' | ')}` : '');
      // localhost, as the e2e tier uses: a secure context, like the app's.
      await page.goto(`http://localhost:${port}/bench/store-page.html`);
      await page.waitForFunction(() => window.runStoreBench !== undefined, null, { timeout: loadTimeoutMs }).catch((err: Error) => {
        throw new Error(`bench/store-page.html never loaded (${err.message.split('\n')[0]})${seen()}`);
      });
      const run = page.evaluate((o) => window.runStoreBench!(o), sizes).catch((err: Error) => {
        throw new Error(`the store benchmark failed in Chromium: ${err.message}${seen()}`);
      });
      const result = await withTimeout(run, runTimeoutMs, 'the store benchmark in Chromium');
      if (result.engine !== 'chromium') throw new Error(`the page measured ${result.engine}, not Chromium's IndexedDB`);
      return result;
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}

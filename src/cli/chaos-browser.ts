// The chaos test of the built app: a nano run on the Demo page (cpu backend, IndexedDB) is killed at each scheduled
// moment, by closing the page or terminating the pipeline worker, then reopened and resumed; its exported bundle is
// compared with that of an uninterrupted run of the seed in a browser context of its own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../test/helpers/browser';
import { DEFAULT_CONFIG } from '../tripost/config';
import { planStages } from '../tripost/run';
import { mixSeed, mulberry32 } from '../tasks';
import { armedTarget, PAGE_HOOK, WORKER_HOOK, type ArmedTarget, type KillReport, type KillWay } from './chaos-browser-hooks';
import { bundleRecords } from './chaos-compare';
import { chaosReport, type ChaosReport, type KillRecord } from './chaos-report';
import { chaosSchedule, describeTarget, iterationsFor } from './chaos-schedule';

/** The Demo's smallest run with every stage: msa at the easy level, task tokens, nano, four problems, cpu backend. */
export function chaosRunQuery(seed: number, iterations: number): string {
  return `task=msa&level=easy&tok=task&preset=nano&warm=0&n=4&eval=4&t=${iterations}&epochs=2&sft=2&ctx=192&baselines=0&seed=${seed}&backend=cpu`;
}

const STAGE_TIMEOUT_MS = 120_000;

/** Waits until the Demo page's phase is one of these. */
async function phaseIn(page: Page, phases: string[], timeoutMs = STAGE_TIMEOUT_MS): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const phase = (await page.getByTestId('phase').getAttribute('data-phase', { timeout: timeoutMs }).catch(() => null)) ?? '';
    if (phases.includes(phase)) return phase;
    if (phase === 'failed') throw new Error(`the run failed: ${await page.locator('[role=alert]').allTextContents()}`);
    if (Date.now() > deadline) {
      const text = await page.locator('body').innerText({ timeout: 5000 }).catch((e: Error) => `(no text: ${e.message})`);
      throw new Error(`the Demo page stayed '${phase}', waiting for ${phases.join(' or ')}; it shows:\n${text.slice(0, 2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A reopened page once it offers Resume; while the closed page's run lock is still held, it looks again. */
async function reopened(page: Page): Promise<void> {
  for (let tries = 0; ; tries++) {
    if ((await phaseIn(page, ['interrupted', 'stopped', 'elsewhere'])) !== 'elsewhere') return;
    if (tries === 50) throw new Error('the run stayed locked by the page that was closed');
    await new Promise((r) => setTimeout(r, 200));
    await page.reload();
  }
}

/** A context (an IndexedDB of its own) whose pages wait as long as a stage may take: a loaded machine loads slowly. */
async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  context.setDefaultTimeout(STAGE_TIMEOUT_MS);
  return context;
}

/** Presses Run on a Demo page; the page's URL then names the run. */
async function pressRun(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForURL(/run=\d+/);
  return page.url();
}

/** The run id in a Demo page's URL (`…#/demo?…&run=3`). */
const runIdOf = (url: string) => new URLSearchParams(url.slice(url.indexOf('?'))).get('run')!;

/** The run's bundle as the Trajectories page exports it. */
async function exportBundle(page: Page, baseUrl: string, runId: string, path: string): Promise<Uint8Array> {
  await page.goto(`${baseUrl}/#/trajectories?run=${runId}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export run bundle' }).click()]);
  await download.saveAs(path);
  return new Uint8Array(readFileSync(path));
}

/** A page of the chaos context whose pipeline workers get the worker hook with whatever target is armed then. */
async function chaosPage(context: BrowserContext, armed: () => ArmedTarget | null, onError: (line: string) => void): Promise<Page> {
  const page = await context.newPage();
  page.on('worker', (worker) => {
    const target = armed();
    if (!target) return;
    // The worker gets what the page sent it (the run to resume) once its hook is in, so the hook sees all it does;
    // without the hook (it could not be put in) the page's own view of the events times the kill.
    const install = worker.evaluate(`(${WORKER_HOOK})(${JSON.stringify(target)})`).catch((e: Error) => page.isClosed() || onError(`worker hook: ${worker.url()}: ${e.message}`));
    void install.then(() => page.evaluate(`window.__chaosRelease(${JSON.stringify(worker.url())})`)).catch(() => undefined);
  });
  page.on('pageerror', (e) => onError(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && onError(`console: ${m.text()}`));
  return page;
}

export interface BrowserChaosOptions {
  kills: number;
  seed: number;
  dir: string;
  log?: (line: string) => void;
  /** The built app, served; built and served here when absent. */
  baseUrl?: string;
}

export async function chaosBrowser(options: BrowserChaosOptions): Promise<ChaosReport> {
  const started = performance.now();
  const { kills, seed, dir } = options;
  const iterations = iterationsFor(kills);
  const plan = planStages({ ...DEFAULT_CONFIG, iterations });
  const schedule = chaosSchedule(plan, kills, seed);
  // Both ways in turn, the first one seeded.
  const ways: KillWay[] = mulberry32(mixSeed(seed, 0xb0))() < 0.5 ? ['close-page', 'terminate-worker'] : ['terminate-worker', 'close-page'];
  const served = options.baseUrl ? null : await serveApp();
  const baseUrl = options.baseUrl ?? served!.url;
  const browser = await launchChromium();
  try {
    const url = `${baseUrl}/#/demo?${chaosRunQuery(seed, iterations)}`;
    // The uninterrupted run, in a context (an IndexedDB) of its own, beside the killed one.
    const referenceDone = (async () => {
      const page = await (await newContext(browser)).newPage();
      await page.goto(url);
      const runId = runIdOf(await pressRun(page));
      await phaseIn(page, ['done'], STAGE_TIMEOUT_MS * (iterations + 1));
      return exportBundle(page, baseUrl, runId, join(dir, 'reference.zip'));
    })();
    referenceDone.catch(() => undefined); // awaited below

    const context = await newContext(browser);
    const onError = (line: string) => options.log?.(line);
    let armed: ArmedTarget | null = null;
    let onKill: ((report: KillReport) => void) | null = null;
    await context.addInitScript(PAGE_HOOK);
    await context.exposeBinding('__chaosKilled', (_source, report: KillReport) => onKill?.(report));
    let page = await chaosPage(context, () => armed, onError);
    // Armed before Run or Resume is pressed: the kill is a promise of its report.
    const arm = async (k: number): Promise<{ killed: Promise<KillReport> }> => {
      armed = armedTarget(schedule[k], plan, ways[k % 2]);
      const killed = new Promise<KillReport>((resolve) => (onKill = resolve));
      await page.evaluate(`window.__chaosArm(${JSON.stringify(armed)})`);
      return { killed };
    };

    await page.goto(url);
    let next = kills > 0 ? await arm(0) : null;
    const runUrl = await pressRun(page);
    const killLog: KillRecord[] = [];
    for (let k = 0; k < kills; k++) {
      const report = await withTimeout(next!.killed, STAGE_TIMEOUT_MS * 2, `kill ${k + 1} (${describeTarget(schedule[k])})`);
      const way = ways[k % 2];
      // A closed page takes its worker with it; a terminated worker leaves a page that a reload brings back.
      if (way === 'close-page') {
        await page.close();
        page = await chaosPage(context, () => armed, onError);
        await page.goto(runUrl);
      } else {
        await page.reload();
      }
      armed = null;
      await reopened(page);
      const done = await page.getByTestId('stage').evaluateAll((els) => els.filter((e) => e.getAttribute('data-state') === 'done').length);
      const record: KillRecord = { aimed: describeTarget(schedule[k]), stage: `t=${report.stage}`, moment: schedule[k].moment, how: way, resumesFrom: `after ${done} of ${plan.length} stages`, tornWrite: report.store !== null };
      killLog.push(record);
      options.log?.(`kill ${k + 1}/${kills}: aimed at ${record.aimed}, ${way} in ${record.stage}${report.store ? ` inside a write to ${report.store}` : ''}; resumes ${record.resumesFrom}`);
      if (k + 1 < kills) next = await arm(k + 1);
      await page.getByTestId('pause-resume').click();
    }
    await phaseIn(page, ['done'], STAGE_TIMEOUT_MS * (iterations + 1));
    const resumed = await bundleRecords(await exportBundle(page, baseUrl, runIdOf(runUrl), join(dir, 'chaos.zip')));
    return chaosReport(killLog, 0, await bundleRecords(await referenceDone), resumed, started);
  } finally {
    await browser.close();
    await served?.close();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} never came in ${ms / 1000} s`)), ms).unref())]);
}

/** Builds the app and serves it on a free localhost port, as the e2e tier's global setup does. */
async function serveApp(): Promise<{ url: string; close: () => Promise<void> }> {
  const { build, preview } = await import('vite');
  await build({ logLevel: 'warn' });
  const server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
  const address = server.httpServer.address() as { port: number };
  return { url: `http://localhost:${address.port}`, close: () => server.close() };
}

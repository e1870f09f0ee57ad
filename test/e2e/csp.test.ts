// Content-Security-Policy of the built app: delivered (meta and preview header) and enforced, every page runs under
// it without a violation (the worker included), and HTML in an LLM's answer or an imported trajectory stays text.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP_HEADER_POLICY, CSP_META_POLICY } from '../../scripts/csp';
import { launchChromium } from '../helpers/browser';
import { CHAT_PATH, startLlmMockServer, type LlmMockServer } from '../helpers/llm-mock-server';
import { improvedTrajectory, toJsonl } from '../helpers/ui-fixtures';

const DIST_ASSETS = fileURLToPath(new URL('../../dist/assets/', import.meta.url));

const PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><svg onload="window.__pwned=3"></svg>';
/** The nano run of demo.test.ts: enough for the worker to start its first stage within seconds. */
const RUN = 'task=ws&level=paper&tok=char&preset=nano&warm=0&backend=cpu&n=6&eval=3&t=1&epochs=1&sft=4&ctx=384&baselines=0';

interface Watched {
  page: Page;
  /** CSP violations: the page's securitypolicyviolation events, then console lines (page and workers) naming the CSP. */
  violations: () => Promise<string[]>;
  errors: string[];
}

/** A fresh tab (its own storage) that records every CSP violation and page error. */
async function openWatched(browser: Browser): Promise<Watched> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  // Runs before the app's own script in every document (CDP injects it, so the policy does not apply to it).
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
  });
  const page = await context.newPage();
  const console: string[] = [];
  const errors: string[] = [];
  const onConsole = (text: string) => {
    if (/Content.Security.Policy/i.test(text)) console.push(text);
  };
  page.on('console', (m) => onConsole(m.text()));
  page.on('worker', (w) => w.on('console', (m) => onConsole(m.text())));
  page.on('pageerror', (e) => errors.push(e.message));
  const violations = async () => [...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)), ...console];
  return { page, violations, errors };
}

/** Nothing of the payload became markup or ran. */
async function expectInert(page: Page): Promise<void> {
  const found = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    images: document.querySelectorAll('img[src="x"], [onerror], [onload]').length,
    svgs: document.querySelectorAll('svg[onload]').length,
    scripts: [...document.scripts].filter((s) => s.textContent?.includes('__pwned')).length,
  }));
  expect(found).toEqual({ pwned: undefined, images: 0, svgs: 0, scripts: 0 });
}

function payloadJsonl(): string {
  const t = improvedTrajectory(1);
  const [wrong, right] = t.turns;
  const trajectory = {
    ...t,
    problem: { id: 'msa-xss', question: `((1 + 2) * 3) = ${PAYLOAD}` },
    critic: PAYLOAD,
    turns: [
      { ...wrong, attempt: wrong.attempt.replace('= -6.', `= -6 ${PAYLOAD}.`), segment: ` (-15 + 8) = -6 ${PAYLOAD} `, feedback: `${wrong.feedback} ${PAYLOAD}` },
      { ...right, attempt: `${right.attempt}\n${PAYLOAD}` },
    ],
  };
  const path = join(mkdtempSync(join(tmpdir(), 'tripost-e2e-')), 'payload.jsonl');
  writeFileSync(path, toJsonl([trajectory]));
  return path;
}

describe('content security policy (built app in Chromium)', () => {
  let browser: Browser;
  let mock: LlmMockServer;
  const base = () => inject('baseUrl');

  beforeAll(async () => {
    [browser, mock] = await Promise.all([launchChromium(), startLlmMockServer({ cors: true })]);
  });
  afterAll(async () => {
    await browser?.close();
    await mock?.close();
  });

  it('is in the built index.html and the preview headers (page and worker), and the browser enforces it', async () => {
    const res = await fetch(`${base()}/`);
    expect(res.headers.get('content-security-policy')).toBe(CSP_HEADER_POLICY);
    const html = await res.text();
    // The policy comes before the first script or stylesheet, so it covers them.
    expect(html.indexOf('<meta http-equiv="Content-Security-Policy"')).toBeGreaterThan(0);
    expect(html.indexOf('<meta http-equiv="Content-Security-Policy"')).toBeLessThan(html.search(/<script|<link rel="stylesheet"/));
    // The worker's file is named by the Demo's chunk (pages load on demand), so take its name from the build.
    const worker = `/assets/${readdirSync(DIST_ASSETS).find((f) => /^pipeline\.worker-[\w-]+\.js$/.test(f))}`;
    expect((await fetch(`${base()}${worker}`)).headers.get('content-security-policy')).toBe(CSP_HEADER_POLICY);

    // Inline handlers, inline script and eval are refused, and each refusal is reported.
    const { page, violations } = await openWatched(browser);
    await page.goto(`${base()}/#/trajectories`);
    await page.getByText('No trajectories yet').waitFor();
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toBe(CSP_META_POLICY);
    const evalResult = await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.innerHTML = '<img src="/favicon.svg" onload="window.__probe=1">';
      const script = document.createElement('script');
      script.textContent = 'window.__probe = 2';
      document.body.append(probe, script);
      // In a later task: DevTools lets code it evaluates itself call eval.
      return new Promise<string>((resolve) =>
        setTimeout(() => {
          try {
            resolve(String(eval('window.__probe = 3')));
          } catch (e) {
            resolve((e as Error).name);
          }
        }),
      );
    });
    expect(evalResult).toBe('EvalError');
    await expect.poll(async () => (await violations()).join('\n')).toContain('script-src-attr refused inline');
    const reported = (await violations()).join('\n');
    expect(reported).toContain('script-src-elem refused inline');
    expect(reported).toContain('script-src refused eval');
    expect(await page.evaluate(() => (window as unknown as { __probe?: number }).__probe)).toBeUndefined();
    await page.context().close();
  });

  it('every page loads without a violation; the device panel answers and the pipeline worker runs a stage', async () => {
    const { page, violations, errors } = await openWatched(browser);
    await page.goto(`${base()}/`);
    const links = page.getByRole('navigation', { name: 'Pages' }).getByRole('link');
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThanOrEqual(4);
    // Each page from a fresh load (not a hash change), so its start-up runs under the policy too.
    for (const href of hrefs) {
      await page.goto('about:blank');
      await page.goto(`${base()}/${href}`);
      await page.locator('main > *').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await violations(), href).toEqual([]);
    }

    await page.goto(`${base()}/#/settings`);
    await page.getByTestId('gpu-ready').or(page.getByTestId('gpu-unavailable')).waitFor({ timeout: 60_000 });
    await page.goto(`${base()}/#/learn`);
    await expect.poll(() => page.getByTestId('model-note').textContent(), { timeout: 60_000 }).toContain('The model is');

    // The worker loads from its own file under the header's policy, and reports a stage of a real run.
    await page.goto(`${base()}/#/demo?${RUN}&seed=5`);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('[data-testid=stage][data-state=active]').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect.poll(() => page.getByTestId('phase').getAttribute('data-phase'), { timeout: 60_000 }).toBe('stopped');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("an LLM server's answer is shown as text: Test connection with HTML in the error message", async () => {
    const { page, violations, errors } = await openWatched(browser);
    await page.goto(`${base()}/#/settings`);
    await page.getByLabel('Server').selectOption('vllm');
    await page.getByLabel('Base URL').fill(mock.baseURL);
    await page.getByLabel('Model', { exact: true }).fill('mock-model');
    mock.script(CHAT_PATH, { status: 400, error: { message: PAYLOAD } });
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('connection-result').locator('p');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toContain(`Server says: ${PAYLOAD}`);
    expect(mock.requests(CHAT_PATH)).toHaveLength(1);
    await expectInert(page);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an imported trajectory (JSONL, then a run bundle) shows HTML in its texts as text', async () => {
    const { page, violations, errors } = await openWatched(browser);
    await page.goto(`${base()}/#/trajectories`);
    await page.getByTestId('import-jsonl').setInputFiles(payloadJsonl());
    await page.getByTestId('transfer-report').getByText('Imported 1 trajectory from payload.jsonl').waitFor();
    const rows = page.getByRole('listbox', { name: 'Trajectories' }).getByRole('option');
    expect(await rows.first().textContent()).toContain(PAYLOAD);
    await rows.first().click();
    const detail = page.getByTestId('trajectory-detail');
    await detail.getByRole('heading', { name: /Trajectory #\d+/ }).waitFor();
    const text = (await detail.textContent()) ?? '';
    // Question, critic, both attempts and the feedback: five copies at least, each verbatim.
    expect(text.split(PAYLOAD).length - 1).toBeGreaterThanOrEqual(5);
    expect(await detail.locator('mark').first().textContent()).toBe(`(-15 + 8) = -6 ${PAYLOAD}`);
    await expectInert(page);

    // The same run through a bundle: exported, imported back, shown.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export run bundle' }).click()]);
    const zip = join(mkdtempSync(join(tmpdir(), 'tripost-e2e-')), 'payload.zip');
    await download.saveAs(zip);
    await page.getByTestId('import-bundle').setInputFiles(zip);
    await page.getByText(/Imported payload\.zip as run #2/).waitFor();
    await rows.first().click();
    await detail.getByRole('heading', { name: /Trajectory #\d+/ }).waitFor();
    expect(((await detail.textContent()) ?? '').split(PAYLOAD).length - 1).toBeGreaterThanOrEqual(5);
    await expectInert(page);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

// `?hide=compare` hides the Compare page everywhere, not only its tab: the Demo's Results link, the ticks and button of
// its unfinished runs, and the Trajectories page's run picker go too, and every other link in the app keeps the hide
// list. The same pages without it offer Compare in each of those places (so the check can fail).
import { afterEach, describe, expect, it } from 'vitest';
import { mount, unmount } from 'svelte';
import App from '../../../src/ui/App.svelte';
import { appDb } from '../../../src/ui/app-db.svelte';
import { router } from '../../../src/ui/router.svelte';
import { createRun, updateRun, type JsonObject } from '../../../src/store';
import { DEFAULT_CONFIG } from '../../../src/tripost/config';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  document.body.innerHTML = '';
});

/** Three stopped runs in an empty store, and the app opened on the Demo page showing the first (`query` added). */
async function openDemo(query: string): Promise<void> {
  await appDb.clearAll();
  cleanup.push(() => appDb.clearAll());
  const db = await appDb.get();
  const ids: number[] = [];
  for (const name of ['a', 'b', 'c']) {
    ids.push(await createRun(db, `run ${name}`, { ...DEFAULT_CONFIG, iterations: 1 } as unknown as JsonObject));
    await updateRun(db, ids.at(-1)!, { status: 'paused', lastCompleted: { iteration: 0, stage: 'evaluate' } });
  }
  history.replaceState(null, '', `#/demo?run=${ids[0]}${query}`);
  cleanup.push(router.start());
  const app = mount(App, { target: document.body });
  cleanup.push(() => unmount(app));
  // Loaded: the shown run's results and the other two as unfinished runs.
  await expect.poll(() => document.querySelectorAll('[aria-labelledby=others-title] li').length, { timeout: 10_000 }).toBe(2);
  await expect.poll(() => document.querySelector('[data-testid=results-table]'), { timeout: 10_000 }).not.toBeNull();
}

/** Opens the Trajectories page through its tab, and waits for its runs. */
async function toTrajectories(): Promise<void> {
  [...document.querySelectorAll<HTMLAnchorElement>('nav a')].find((a) => a.textContent === 'Trajectories')!.click();
  const runOptions = () => [...document.querySelectorAll('form[role=search] option')].filter((o) => / run [abc]$/.test(o.textContent ?? '')).length;
  await expect.poll(runOptions, { timeout: 10_000 }).toBe(3);
}

const words = (el: Element) => (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Every control that opens the Compare page: links to it, and the buttons, ticks and pickers that lead there. */
function waysToCompare(): string[] {
  const links = [...document.querySelectorAll('a')].filter((a) => a.getAttribute('href')?.startsWith('#/compare')).map((a) => `link: ${words(a)}`);
  const controls = [...document.querySelectorAll('button, summary, input')].filter((el) => /compare/i.test(words(el))).map((el) => `${el.tagName.toLowerCase()}: ${words(el)}`);
  return [...links, ...controls];
}

/** The in-app links (to another page) that do not carry `hide`. */
const linksWithout = (hide: string) =>
  [...document.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '').filter((href) => href.startsWith('#/') && new URLSearchParams(href.split('?')[1] ?? '').get('hide') !== hide);

describe('pages hidden by ?hide=', () => {
  it('without it, the Demo and Trajectories pages offer Compare wherever runs are listed', async () => {
    await openDemo('');
    const ways = waysToCompare();
    // The tab, the Results link, the unfinished runs' button and their two ticks.
    expect(ways).toEqual(expect.arrayContaining(['link: Compare', 'link: Compare this run with others', 'button: Compare selected (0)']));
    expect(ways.filter((w) => /^input: Compare #\d+$/.test(w))).toHaveLength(2);
    await toTrajectories();
    expect(waysToCompare()).toEqual(expect.arrayContaining(['link: Compare', 'summary: Compare runs side by side']));
  });

  it('?hide=compare: no tab, link, button or tick opens Compare, and every other link keeps the hide list', async () => {
    await openDemo('&hide=compare');
    expect(waysToCompare()).toEqual([]);
    // The unfinished runs are still listed, each with its Open button.
    expect([...document.querySelectorAll('[aria-labelledby=others-title] li button')].map(words)).toEqual(['Open', 'Open']);
    expect(document.querySelectorAll('a[href^="#/"]').length).toBeGreaterThan(0);
    expect(linksWithout('compare')).toEqual([]);
    await toTrajectories();
    expect(waysToCompare()).toEqual([]);
    expect(linksWithout('compare')).toEqual([]);
  });
});

// e2e tier: a run stopped at a chosen point however fast or loaded the machine is. A second tab of the app's origin
// (`openHolder`) keeps a readwrite transaction of the app's IndexedDB open (one request after another), and the app's and
// the pipeline worker's next writes wait for it (Chromium lets one readwrite transaction run at a time); `stepStore` lets
// the waiting ones through and holds again. Being another tab, the hold outlasts a reload of the app's page, whose worker
// then dies with its write still waiting. Read nothing else while holding: a read waits for the writes queued before it.
import type { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_DB_NAME } from '../../src/store';

/** What a hold reads when it begins: the store's rows, or only their keys (checkpoint chunks are megabytes). */
export type HoldRead = 'rows' | 'keys';

interface StoreHolds {
  hold(store: string, read: HoldRead): Promise<unknown[]>;
  step(store: string, read: HoldRead): Promise<unknown[]>;
}

declare global {
  interface Window {
    storeHolds?: StoreHolds;
  }
}

/** A tab of `baseUrl`'s origin without the app (its icon), to hold stores from; closing it ends its holds. */
export async function openHolder(context: BrowserContext, baseUrl: string): Promise<Page> {
  const holder = await context.newPage();
  await holder.goto(`${baseUrl}/favicon.svg`);
  return holder;
}

/**
 * Holds `store` (after the transactions begun before) and returns its rows or keys, read inside the hold: another read
 * would wait for the writes queued before it. The page's first hold sets up the means.
 */
export async function holdStore<T>(page: Page, store: string, read: HoldRead = 'rows'): Promise<T[]> {
  // Opened by the app first: a connection of ours would otherwise create it at version 1 and block the app's upgrade.
  await page.waitForFunction(async (name) => (await indexedDB.databases()).some((d) => d.name === name), DEFAULT_DB_NAME);
  await page.evaluate((name) => {
    if (window.storeHolds) return;
    const open = new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onupgradeneeded = () => request.transaction!.abort();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const held = new Map<string, { on: boolean }>();
    const hold = async (store: string, read: HoldRead) => {
      const tx = (await open).transaction(store, 'readwrite');
      const state = { on: true };
      held.set(store, state);
      return new Promise<unknown[]>((resolve) => {
        // A transaction stays open while it has a request pending.
        const keep = () => {
          if (state.on) tx.objectStore(store).count().onsuccess = keep;
        };
        const got = read === 'rows' ? tx.objectStore(store).getAll() : tx.objectStore(store).getAllKeys();
        got.onsuccess = () => {
          resolve(got.result);
          keep();
        };
      });
    };
    // The transactions waiting were begun before the new hold, so they go first.
    const step = (store: string, read: HoldRead) => {
      held.get(store)!.on = false;
      return hold(store, read);
    };
    window.storeHolds = { hold, step };
  }, DEFAULT_DB_NAME);
  return (await page.evaluate(([store, read]) => window.storeHolds!.hold(store, read), [store, read] as const)) as T[];
}

/** Lets the transactions waiting for the hold on `store` through (none if none wait) and holds it again. */
export async function stepStore<T>(page: Page, store: string, read: HoldRead = 'rows'): Promise<T[]> {
  return (await page.evaluate(([store, read]) => window.storeHolds!.step(store, read), [store, read] as const)) as T[];
}

/** Steps the held `store` until `reached` says the run got where the test wants it, by what the store holds then. */
export async function stepStoreUntil<T>(page: Page, store: string, reached: (rows: T[]) => boolean, read: HoldRead = 'rows', timeoutMs = 120_000): Promise<T[]> {
  const end = Date.now() + timeoutMs;
  for (let rows = await stepStore<T>(page, store, read); ; rows = await stepStore<T>(page, store, read)) {
    if (reached(rows)) return rows;
    if (Date.now() > end) throw new Error(`The run did not get to the wanted point in ${timeoutMs / 1000} s of holding ${store}`);
    await page.waitForTimeout(50);
  }
}

// The LLM critic's response cache: the same request never costs twice.
import type { TriPostDb } from './db';
import { guardWrite } from './health';

/** The cached response for a request key (the caller hashes model + messages), if any. */
export async function getCachedResponse(db: TriPostDb, key: string): Promise<string | undefined> {
  return (await db.llmCache.get(key))?.response;
}

export async function putCachedResponse(db: TriPostDb, key: string, response: string): Promise<void> {
  await guardWrite(() => db.llmCache.put({ key, response, createdAt: Date.now() }));
}

/** Number of cached responses. */
export async function countCachedResponses(db: TriPostDb): Promise<number> {
  return db.llmCache.count();
}

/** Empties the cache. */
export async function clearLlmCache(db: TriPostDb): Promise<void> {
  await db.llmCache.clear();
}

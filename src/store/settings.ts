// User settings: small JSON values by key (endpoint URL, model name, last-used options).
import type { TriPostDb } from './db';
import { guardWrite } from './health';
import type { JsonValue } from './schema';

/** The stored value, or `fallback` when none is stored. */
export async function getSetting<T extends JsonValue>(db: TriPostDb, key: string, fallback: T): Promise<T> {
  const record = await db.settings.get(key);
  return record === undefined ? fallback : (record.value as T);
}

export async function setSetting(db: TriPostDb, key: string, value: JsonValue): Promise<void> {
  await guardWrite(() => db.settings.put({ key, value }));
}

export async function deleteSetting(db: TriPostDb, key: string): Promise<void> {
  await db.settings.delete(key);
}

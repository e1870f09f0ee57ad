// A fresh fake-indexeddb per test (no state leaks between tests), and second connections to it.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openDb, type DbOptions, type TriPostDb } from '../../../src/store/db';

const factories = new WeakMap<TriPostDb, IDBFactory>();

export function fakeIndexedDB(): Pick<DbOptions, 'indexedDB' | 'IDBKeyRange'> {
  return { indexedDB: new IDBFactory(), IDBKeyRange };
}

export async function freshDb(options: DbOptions = {}): Promise<TriPostDb> {
  const db = await openDb({ name: 'test', ...fakeIndexedDB(), ...options });
  factories.set(db, db._options.indexedDB as IDBFactory);
  return db;
}

/** Another connection to the same database, as a reloaded or second tab would open it. */
export async function reopen(db: TriPostDb, options: DbOptions = {}): Promise<TriPostDb> {
  const indexedDB = factories.get(db);
  if (!indexedDB) throw new Error('reopen() takes a database made by freshDb()');
  const other = await openDb({ name: db.name, indexedDB, IDBKeyRange, ...options });
  factories.set(other, indexedDB);
  return other;
}

// A fresh fake-indexeddb per test: no state leaks between tests.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openDb, type DbOptions, type TriPostDb } from '../../../src/store/db';

export function fakeIndexedDB(): Pick<DbOptions, 'indexedDB' | 'IDBKeyRange'> {
  return { indexedDB: new IDBFactory(), IDBKeyRange };
}

export async function freshDb(options: DbOptions = {}): Promise<TriPostDb> {
  return openDb({ name: 'test', ...fakeIndexedDB(), ...options });
}

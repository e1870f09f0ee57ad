// A Dexie middleware that makes writes fail the way a full disk does, for both test tiers.
import { Dexie, type DBCore, type DBCoreTable } from 'dexie';
import type { TriPostDb } from '../../../src/store/db';

/** The error shapes browsers and Dexie produce when the quota is exceeded. */
export const QUOTA_SHAPES: Record<string, () => Error> = {
  'DOMException QuotaExceededError': () => new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
  'Dexie.QuotaExceededError': () => new Dexie.QuotaExceededError('Quota exceeded'),
  'AbortError wrapping QuotaExceededError (inner)': () =>
    new Dexie.AbortError('Transaction aborted', new DOMException('The quota has been exceeded.', 'QuotaExceededError')),
  'BulkError with a quota failure': () =>
    new Dexie.BulkError('bulkAdd failed', { 0: new DOMException('The quota has been exceeded.', 'QuotaExceededError') }),
};

export interface QuotaFault {
  /** Let `writes` more mutations through, then fail every later one with `makeError()`. */
  arm(writes: number, makeError: () => Error): void;
  disarm(): void;
}

/** Installs the fault on a database that is not open yet (Dexie middleware is set before open). */
export function installQuotaFault(db: TriPostDb): QuotaFault {
  let remaining = Infinity;
  let makeError: () => Error = () => new Error('unarmed');
  db.use({
    stack: 'dbcore',
    name: 'quota-fault',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name: string): DBCoreTable => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (request) => (remaining-- <= 0 ? Promise.reject(makeError()) : table.mutate(request)),
        };
      },
    }),
  });
  return {
    arm(writes, error) {
      remaining = writes;
      makeError = error;
    },
    disarm() {
      remaining = Infinity;
    },
  };
}

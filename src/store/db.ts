// The Dexie database: tables, explicit schema versions, per-table durability, and what happens when
// another tab upgrades the database.
import { Dexie, type EntityTable, type Table, type DBCore, type Transaction } from 'dexie';
import type {
  CheckpointChunk,
  CheckpointRecord,
  EvalProgressRow,
  EvalRecord,
  LlmCacheEntry,
  MetricPoint,
  RunRecord,
  SettingRecord,
  TrainingExample,
  Trajectory,
} from './schema';
import { dropReasonGroup } from './drop-reason';

export const DEFAULT_DB_NAME = 'tripost-playground';

/**
 * A trajectory as stored: IndexedDB cannot index booleans, so `kept` is 0 or 1; `search` is the
 * question in lower case for the inspector's text search (added in schema version 2); `dropGroup` is
 * the drop reason's group, only on dropped rows so kept ones stay out of its indexes (version 3).
 */
export type TrajectoryRow = Omit<Trajectory, 'kept'> & { kept: 0 | 1; search: string; dropGroup?: string };

/** The indexed row fields the inspector's filters can use. */
export type IndexedField = 'runId' | 'outcome' | 'critic' | 'iteration' | 'task' | 'split' | 'kept' | 'dropGroup';

/** Version 1's trajectory indexes, frozen: a shipped version's schema never changes. */
const V1_TRAJECTORY_INDEXES: readonly (readonly IndexedField[])[] = [
  ['runId'],
  ['runId', 'outcome'],
  ['runId', 'critic'],
  ['runId', 'iteration'],
  ['runId', 'task'],
  ['runId', 'split'],
  ['runId', 'kept'],
];

/**
 * Trajectory indexes now, likely most selective first; each ends with the primary key so pages continue
 * after the last id. `dropGroup` alone serves the drop-reason filter across all runs.
 */
export const TRAJECTORY_INDEXES: readonly (readonly IndexedField[])[] = [
  ['runId'],
  ['runId', 'dropGroup'],
  ...V1_TRAJECTORY_INDEXES.slice(1),
  ['dropGroup'],
];

export const indexName = (fields: readonly IndexedField[]): string => `[${[...fields, 'id'].join('+')}]`;
const trajectoriesSpec = (indexes: readonly (readonly IndexedField[])[]) => `++id, ${indexes.map(indexName).join(', ')}`;

/** One schema version: Dexie store specs (null deletes a table) and an optional data upgrade. */
export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

/** Every version ever shipped, oldest first; append a version, never edit a shipped one. */
export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      runs: '++id, createdAt',
      trajectories: trajectoriesSpec(V1_TRAJECTORY_INDEXES),
      examples: '++id, runId, [runId+iteration]',
      checkpoints: '++id, runId, [runId+iteration]',
      checkpointChunks: '[checkpointId+index]',
      metrics: '++id, runId, [runId+series+step]',
      evals: '++id, runId, [runId+iteration]',
    },
  },
  {
    // v2: the LLM critic's response cache, user settings, and a lower-cased question for search.
    version: 2,
    stores: { llmCache: 'key, createdAt', settings: 'key' },
    upgrade: async (tx) => {
      await tx
        .table('trajectories')
        .toCollection()
        .modify((row: TrajectoryRow) => {
          row.search = row.problem.question.toLowerCase();
        });
    },
  },
  {
    // v3: the drop reason's group on dropped rows, indexed for the inspector's drop-reason filter.
    version: 3,
    stores: { trajectories: trajectoriesSpec(TRAJECTORY_INDEXES) },
    upgrade: async (tx) => {
      await tx
        .table('trajectories')
        .filter((row: TrajectoryRow) => row.kept === 0)
        .modify((row: TrajectoryRow) => {
          row.dropGroup = dropReasonGroup(row.dropReason);
        });
    },
  },
  {
    // v4: a checkpoint may be a run's mid-stage training checkpoint (`training` set, unindexed). No table changes; the
    // bump closes tabs of older builds, which would list such a checkpoint as a model (see onVersionChange).
    version: 4,
    stores: {},
  },
  {
    // v5: the problems an evaluation in progress has done (eval-progress.ts), one row each, keyed by run, iteration,
    // split and problem so a later round of the same problem replaces its row.
    version: 5,
    stores: { evalProgress: '[runId+iteration+split+problemId], runId' },
  },
];

export const SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1].version;

export class TriPostDb extends Dexie {
  runs!: EntityTable<RunRecord, 'id'>;
  trajectories!: EntityTable<TrajectoryRow, 'id'>;
  examples!: EntityTable<TrainingExample, 'id'>;
  checkpoints!: EntityTable<CheckpointRecord, 'id'>;
  checkpointChunks!: Table<CheckpointChunk, [number, number]>;
  metrics!: EntityTable<MetricPoint, 'id'>;
  evals!: EntityTable<EvalRecord, 'id'>;
  evalProgress!: Table<EvalProgressRow, [number, number, string, string]>;
  llmCache!: Table<LlmCacheEntry, string>;
  settings!: Table<SettingRecord, string>;
}

export interface DbOptions {
  /** Database name; tests pass a fresh one each. */
  name?: string;
  /** IndexedDB implementation, e.g. fake-indexeddb in Node; defaults to the global one. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /**
   * Called once when another tab upgrades or deletes the database: this connection is already
   * closed, so the app should ask the user to reload.
   */
  onVersionChange?: (event: { newVersion: number | null }) => void;
  /** Define versions up to this one only (migration tests write data as an old build would). */
  upToVersion?: number;
}

/** Checkpoints must survive a power cut; curves and caches may lose the last second for speed. */
function durabilityFor(stores: string[], mode: 'readonly' | 'readwrite'): 'strict' | 'relaxed' | 'default' {
  if (mode === 'readonly') return 'default';
  if (stores.includes('checkpointChunks') || stores.includes('checkpoints')) return 'strict';
  if (stores.every((s) => s === 'metrics' || s === 'llmCache')) return 'relaxed';
  return 'default';
}

function useDurabilityPolicy(db: Dexie): void {
  db.use({
    stack: 'dbcore',
    name: 'durability-policy',
    create: (down: DBCore): DBCore => ({
      ...down,
      transaction: (stores, mode, options) => down.transaction(stores, mode, { ...options, durability: durabilityFor(stores, mode) }),
    }),
  });
}

/** Builds the database object without opening it (so tests can add middleware first); call `open()`. */
export function createDb(options: DbOptions = {}): TriPostDb {
  const db = new TriPostDb(options.name ?? DEFAULT_DB_NAME, {
    // Only when given: an explicit undefined would hide the browser's own IndexedDB from Dexie.
    ...(options.indexedDB && { indexedDB: options.indexedDB }),
    ...(options.IDBKeyRange && { IDBKeyRange: options.IDBKeyRange }),
    // Never reopen behind the app's back (Dexie's own versionchange handler would otherwise).
    autoOpen: false,
  });
  for (const v of SCHEMA_VERSIONS) {
    if (options.upToVersion !== undefined && v.version > options.upToVersion) break;
    const version = db.version(v.version).stores(v.stores);
    if (v.upgrade) version.upgrade(v.upgrade);
  }
  useDurabilityPolicy(db);
  db.on('versionchange', (event: IDBVersionChangeEvent) => {
    // Close for good: a reopened connection would meet a schema this build does not know.
    db.close({ disableAutoOpen: true });
    options.onVersionChange?.({ newVersion: event.newVersion });
  });
  return db;
}

/** Opens (creating or upgrading) the database. */
export async function openDb(options: DbOptions = {}): Promise<TriPostDb> {
  const db = createDb(options);
  await db.open();
  return db;
}

import { describe, expect, it } from 'vitest';
import { syntheticTrajectory } from '../../../src/store/bench';
import { SCHEMA_VERSION, type TrajectoryRow } from '../../../src/store/db';
import { dropReasonCounts } from '../../../src/store/drop-reason';
import { createRun, getRun } from '../../../src/store/runs';
import { getSetting, setSetting } from '../../../src/store/settings';
import { appendTrajectories, countTrajectories, pageTrajectories } from '../../../src/store/trajectories';
import { freshDb, reopen } from './fresh-db';

/** Rows exactly as a version-2 build wrote them: `search`, no `dropGroup`. */
function v2Rows(runId: number, n: number) {
  return Array.from({ length: n }, (_, i) => {
    const t = syntheticTrajectory(runId, i);
    return { ...t, kept: t.kept ? 1 : 0, search: t.problem.question.toLowerCase(), createdAt: 1000 + i };
  });
}

describe('schema version 3 (drop-reason index)', () => {
  it('indexes the drop group per run and across runs', async () => {
    const db = await freshDb();
    const indexes = db.trajectories.schema.indexes.map((i) => i.name);
    expect(indexes).toContain('[runId+dropGroup+id]');
    expect(indexes).toContain('[dropGroup+id]');
    db.close();
  });

  it('an upgrade from version 2 keeps every record and groups the existing drops', async () => {
    const v2 = await freshDb({ upToVersion: 2 });
    expect(v2.verno).toBe(2);
    const runId = await createRun(v2, 'old run', { task: 'msa' });
    await setSetting(v2, 'llm.endpoint', { model: 'm' });
    const written = v2Rows(runId, 140);
    await v2.table('trajectories').bulkAdd(written);
    const before = (await v2.table('trajectories').toArray()) as TrajectoryRow[];
    v2.close();

    const current = await reopen(v2);
    expect(current.verno).toBe(SCHEMA_VERSION);
    const after = await current.trajectories.toArray();
    // Nothing lost or changed but the new field, which only dropped rows get.
    expect(after.map(({ dropGroup: _, ...rest }) => rest)).toEqual(before);
    expect(after.filter((r) => r.dropGroup !== undefined).map((r) => r.id)).toEqual(before.filter((r) => r.kept === 0).map((r) => r.id));
    expect((await getRun(current, runId)).name).toBe('old run');
    expect(await getSetting(current, 'llm.endpoint', null)).toEqual({ model: 'm' });

    // The upgraded rows answer the new filter and counts, and new rows join them.
    expect(await dropReasonCounts(current, runId)).toEqual({
      kept: 120,
      dropped: [
        { reason: 'bad improvement in round', count: 7 },
        { reason: 'illegal-improvement', count: 7 },
        { reason: 'still wrong after', count: 6 },
      ],
    });
    const page = await pageTrajectories(current, { runId, dropReason: 'still wrong after' }, { limit: 100 });
    expect(page.items.map((t) => t.problem.id)).toEqual(['p14', 'p35', 'p56', 'p77', 'p98', 'p119']);
    expect(page.items.every((t) => t.kept === false && t.dropReason === 'still wrong after 5 improvement rounds')).toBe(true);
    await appendTrajectories(current, [{ ...syntheticTrajectory(runId, 1), kept: false, dropReason: 'still wrong after 3 improvement rounds' }]);
    expect(await countTrajectories(current, { runId, dropReason: 'still wrong after' })).toBe(7);
    current.close();
  });
});

// The list's pages from the store: every filter, the drop reason included, answered by its indexes.
import { countTrajectories, pageTrajectories, type TriPostDb, type TrajectoryFilter } from '../../store';
import type { PageSource } from './list.svelte';

export function storeSource(db: TriPostDb, filter: TrajectoryFilter): PageSource {
  return {
    page: (after, limit) => pageTrajectories(db, filter, { after, limit }),
    count: () => countTrajectories(db, filter),
  };
}

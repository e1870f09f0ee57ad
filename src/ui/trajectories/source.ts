// The list's pages from the store: the indexed filters in the store, the drop reason checked here.
import { countTrajectories, pageTrajectories, type TriPostDb } from '../../store';
import { matchesDropReason, storeFilter, type InspectorFilter } from './filter';
import type { PageSource } from './list.svelte';

export function storeSource(db: TriPostDb, filter: InspectorFilter): PageSource {
  const indexed = storeFilter(filter);
  return {
    page: async (after, limit) => {
      const page = await pageTrajectories(db, indexed, { after, limit });
      return { items: page.items.filter((t) => matchesDropReason(filter, t)), next: page.next };
    },
    // Counting by drop reason would read every record: the list grows as pages arrive instead.
    count: async () => (filter.dropReason ? null : countTrajectories(db, indexed)),
  };
}

// Turns any error the UI meets into words: what happened and what the user can do about it.
import { BundleError, NotFound, StorageFull } from '../store';

export interface ErrorText {
  title: string;
  message: string;
}

const BUNDLE_TITLES: Record<BundleError['problem'], string> = {
  corrupt: 'The bundle is damaged',
  version: 'The bundle comes from another version of the playground',
  invalid: 'The bundle does not match the format',
};

export function describeError(error: unknown): ErrorText {
  if (error instanceof StorageFull) return { title: 'Storage is full', message: error.message };
  if (error instanceof BundleError) return { title: BUNDLE_TITLES[error.problem], message: `${error.message} Nothing was imported.` };
  if (error instanceof NotFound) return { title: 'Not found', message: `${error.message}. It may have been deleted in another tab.` };
  const e = error instanceof Error ? error : new Error(String(error));
  // Dexie's name for calls on a connection closed by another tab's upgrade.
  if (e.name === 'DatabaseClosedError') return UPGRADED_ELSEWHERE;
  if (e.name === 'VersionError') {
    return { title: 'This tab is older than your data', message: 'Another tab has a newer version of the playground. Reload this tab to get it.' };
  }
  return { title: 'Something went wrong', message: e.message || e.name };
}

export const UPGRADED_ELSEWHERE: ErrorText = {
  title: 'The database was upgraded in another tab',
  message: 'This tab can no longer read or save data. Reload the page to continue; nothing saved is lost.',
};

// The app's pages, in tab order; the first is the default. Adding a page is one line here.
// Each page is its own chunk, loaded when first shown, so the first page does not wait for the others' code.
import type { Component } from 'svelte';

export interface Page {
  /** The hash path (`#/trajectories`), and the id `?hide=` uses to hide its tab. */
  path: string;
  label: string;
  load: () => Promise<{ default: Component }>;
}

export const PAGES: readonly Page[] = [
  { path: 'demo', label: 'Demo', load: () => import('./demo/DemoPage.svelte') },
  { path: 'learn', label: 'Learn', load: () => import('./learn/LearnPage.svelte') },
  { path: 'trajectories', label: 'Trajectories', load: () => import('./trajectories/TrajectoriesPage.svelte') },
  { path: 'compare', label: 'Compare', load: () => import('./compare/ComparePage.svelte') },
  { path: 'settings', label: 'Settings', load: () => import('./settings/SettingsPage.svelte') },
];

/** The page for a hash path; unknown or empty paths show the default page. */
export function pageFor(path: string): Page {
  return PAGES.find((p) => p.path === path) ?? PAGES[0];
}

// The app's pages, in tab order; the first is the default. Adding a page is one line here.
import type { Component } from 'svelte';
import DemoPage from './demo/DemoPage.svelte';
import LearnPage from './learn/LearnPage.svelte';
import TrajectoriesPage from './trajectories/TrajectoriesPage.svelte';
import ComparePage from './compare/ComparePage.svelte';
import SettingsPage from './settings/SettingsPage.svelte';

export interface Page {
  /** The hash path (`#/trajectories`), and the id `?hide=` uses to hide its tab. */
  path: string;
  label: string;
  component: Component;
}

export const PAGES: readonly Page[] = [
  { path: 'demo', label: 'Demo', component: DemoPage },
  { path: 'learn', label: 'Learn', component: LearnPage },
  { path: 'trajectories', label: 'Trajectories', component: TrajectoriesPage },
  { path: 'compare', label: 'Compare', component: ComparePage },
  { path: 'settings', label: 'Settings', component: SettingsPage },
];

/** The page for a hash path; unknown or empty paths show the default page. */
export function pageFor(path: string): Page {
  return PAGES.find((p) => p.path === path) ?? PAGES[0];
}

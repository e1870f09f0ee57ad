import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { chromeArgs, findChrome } from './test/helpers/chrome';
import { PREBUNDLED } from './vite.config';

// Four tiers (DESIGN.md §7): unit and gpu in Node, browser in headless Chromium, e2e drives the built app.

export default defineConfig({
  plugins: [svelte()],
  optimizeDeps: { include: PREBUNDLED },
  test: {
    projects: [
      {
        extends: true,
        // 30 s is the bar for any one test; vitest's 5 s default failed 2-second tests when CI shared the cores.
        test: { name: 'unit', environment: 'node', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'gpu',
          environment: 'node',
          include: ['test/gpu/**/*.test.ts'],
          setupFiles: ['test/helpers/dawn-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // lavapipe already uses every core; parallel files only contend.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/helpers/llm-mock-global.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: findChrome(), args: chromeArgs },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/helpers/e2e-build.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

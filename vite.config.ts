import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { CSP_HEADER_POLICY, cspPlugin } from './scripts/csp';

/** Pre-bundled up front: discovering them mid-run makes Vite reload the page (or a worker) on a cold cache. */
export const PREBUNDLED = ['openai', '@huggingface/tokenizers', 'dexie', 'fflate', 'uplot'];

// WGSL comes in through `?raw` imports, so the app and the tests compile the same text.
export default defineConfig({
  plugins: [svelte(), cspPlugin()],
  optimizeDeps: { include: PREBUNDLED },
  worker: { format: 'es' },
  build: { target: 'es2022' },
  server: { port: 5173, strictPort: true },
  // The built index.html carries the policy as a <meta>; the preview server sends it to the worker's script too.
  preview: { port: 4173, headers: { 'Content-Security-Policy': CSP_HEADER_POLICY } },
});

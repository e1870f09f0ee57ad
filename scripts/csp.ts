// The built app's Content-Security-Policy: a <meta> in the built index.html, and a header for `vite preview`.
// Dev mode (`npm start`) gets neither: Vite's HMR injects <style> elements and inline module code.
import type { Plugin } from 'vite';

/** Directive → sources. Every choice here is checked by test/e2e/csp.test.ts against the running app. */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  // Everything not named below (images, fonts, media, manifest, frames) comes from this origin or not at all.
  'default-src': ["'self'"],
  // Bundled modules only: no inline script, no inline handlers, no eval. Nothing compiles WebAssembly
  // (@huggingface/tokenizers is plain JavaScript, the WGSL goes to WebGPU), so no 'wasm-unsafe-eval'.
  // The pipeline worker is a same-origin file, so worker-src falls back to this; no blob: is needed.
  'script-src': ["'self'"],
  // Svelte's CSS is extracted into one file at build; style: directives and uPlot set styles through
  // the CSSOM (element.style), which CSP does not govern, so no 'unsafe-inline'.
  'style-src': ["'self'"],
  // The LLM endpoint and the checkpoint URL are typed by the user at run time (http://localhost:8000/v1,
  // http://gpu-box:8000/v1 on a LAN, https://api.openai.com/v1, https://huggingface.co/…), so no host list
  // written at build time fits: only the schemes are fixed, which still shuts out ws:, data: and blob: fetches.
  'connect-src': ["'self'", 'http:', 'https:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  // Every form is handled in script (preventDefault); none may send the page anywhere.
  'form-action': ["'none'"],
};

/** Only a header may carry frame-ancestors (browsers ignore it in a <meta>, with a console warning). */
const HEADER_ONLY: Readonly<Record<string, readonly string[]>> = { 'frame-ancestors': ["'none'"] };

const join = (directives: Readonly<Record<string, readonly string[]>>) =>
  Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');

/** The policy as the <meta> in the built index.html carries it. */
export const CSP_META_POLICY = join(CSP_DIRECTIVES);

/** The same policy as an HTTP header, plus what only a header can say. */
export const CSP_HEADER_POLICY = join({ ...CSP_DIRECTIVES, ...HEADER_ONLY });

/** Emits the policy first in <head> of the built index.html, so it covers every script and stylesheet after it. */
export function cspPlugin(): Plugin {
  return {
    name: 'tripost-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

// Node module hooks so `tsx` runs the same sources as Vite: `import code from './x.wgsl?raw'` yields the file's text.
import { readFile } from 'node:fs/promises';
import { register } from 'node:module';

if (!globalThis.__rawLoaderRegistered) {
  globalThis.__rawLoaderRegistered = true;
  register(import.meta.url);
}

export async function resolve(specifier, context, next) {
  if (specifier.endsWith('?raw')) {
    const url = new URL(specifier.slice(0, -4), context.parentURL);
    return { url: `${url.href}?raw`, shortCircuit: true, format: 'module' };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.endsWith('?raw')) {
    const text = await readFile(new URL(url.slice(0, -4)), 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  }
  return next(url, context);
}

// Node module hooks so `tsx` runs the same sources as Vite: `import code from './x.wgsl?raw'` yields the file's text;
// and extensionless relative imports inside ESM packages built for bundlers (tfjs-core's dist) resolve as a bundler would.
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
  try {
    return await next(specifier, context);
  } catch (err) {
    const bundlerStyle = specifier.startsWith('.') && context.parentURL?.includes('/node_modules/');
    if (!bundlerStyle || !['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT'].includes(err.code)) throw err;
    for (const suffix of ['.js', '/index.js']) {
      try {
        return await next(specifier + suffix, context);
      } catch {
        // try the next form
      }
    }
    throw err;
  }
}

export async function load(url, context, next) {
  if (url.endsWith('?raw')) {
    const text = await readFile(new URL(url.slice(0, -4)), 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  }
  return next(url, context);
}

import { describe, expect, it } from 'vitest';
import type { HtmlTagDescriptor } from 'vite';
import { CSP_DIRECTIVES, CSP_HEADER_POLICY, CSP_META_POLICY, cspPlugin } from '../../scripts/csp';

/** `name sources…; …` → name → sources. */
function parse(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
}

describe('content security policy', () => {
  const meta = parse(CSP_META_POLICY);

  it('runs only bundled script: no inline script, no eval of any kind', () => {
    expect(meta.get('script-src')).toEqual(["'self'"]);
    expect(meta.get('default-src')).toEqual(["'self'"]);
    for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'unsafe-hashes'", 'data:', 'blob:', '*']) {
      expect(CSP_HEADER_POLICY.split(/[\s;]+/)).not.toContain(unsafe);
    }
  });

  it('closes plugins, <base> and form posts; styles only from this origin', () => {
    expect(meta.get('object-src')).toEqual(["'none'"]);
    expect(meta.get('base-uri')).toEqual(["'self'"]);
    expect(meta.get('form-action')).toEqual(["'none'"]);
    expect(meta.get('style-src')).toEqual(["'self'"]);
  });

  it('lets fetches reach any http(s) endpoint the user types, and nothing else', () => {
    expect(meta.get('connect-src')).toEqual(["'self'", 'http:', 'https:']);
  });

  it('puts frame-ancestors in the header only (a <meta> cannot carry it)', () => {
    expect(meta.has('frame-ancestors')).toBe(false);
    expect(parse(CSP_HEADER_POLICY).get('frame-ancestors')).toEqual(["'none'"]);
    expect(CSP_HEADER_POLICY.startsWith(CSP_META_POLICY + '; ')).toBe(true);
    expect([...meta.keys()]).toEqual(Object.keys(CSP_DIRECTIVES));
  });

  it('the plugin runs at build only and puts the <meta> first in <head>', () => {
    const plugin = cspPlugin();
    expect(plugin.apply).toBe('build');
    const hook = plugin.transformIndexHtml as () => HtmlTagDescriptor[];
    expect(hook()).toEqual([
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META_POLICY }, injectTo: 'head-prepend' },
    ]);
  });
});

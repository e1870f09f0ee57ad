// e2e tier: build the app once, serve it with `vite preview` on a free localhost port, hand the URL to the tests.
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import type { AddressInfo } from 'node:net';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let server: PreviewServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  await build({ logLevel: 'warn' });
  server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
  const address = server.httpServer.address() as AddressInfo;
  // localhost (not 127.0.0.1) is a secure context, which WebGPU requires.
  project.provide('baseUrl', `http://localhost:${address.port}`);
}

export async function teardown(): Promise<void> {
  await server?.close();
}

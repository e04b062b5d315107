import type { TestProject } from 'vitest/node';
import { build } from 'vite';
import { serveStatic } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Builds dist/web once and serves it on a free localhost port for every e2e file. */
export default async function setup(project: TestProject) {
  await build({ configFile: 'vite.renderer.config.ts', logLevel: 'warn' });
  const { server, url } = await serveStatic('dist/web');
  project.provide('baseUrl', url);
  return () => new Promise<void>((done) => server.close(() => done()));
}

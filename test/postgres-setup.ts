// vitest global setup: one PostgreSQL server for the whole run; tests get its URL through inject('pgUrl').
import type { TestProject } from 'vitest/node';
import { startPostgres } from './support/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startPostgres();
  project.provide('pgUrl', server.url);
  return () => server.stop();
}

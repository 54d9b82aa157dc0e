// Test projects: "unit" (fast, beside the code, no browser; every route test on SQLite), "postgres" (the same route
// and domain tests that build the app, again on a real PostgreSQL server) and "browser" (real Chromium against a
// served app).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'verifier/**/*.test.ts', 'wallet/**/*.test.ts', 'console/**/*.test.ts', 'test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          globalSetup: ['test/postgres-setup.ts'],
        },
      },
      {
        test: {
          name: 'postgres',
          // Every test that builds the app through test/support/test-app.ts; the store contract itself already runs
          // on both engines inside "unit".
          include: [
            'verifier/app.test.ts',
            'verifier/routes/**/*.test.ts',
            'verifier/presentation/**/*.test.ts',
            'verifier/consent/**/*.test.ts',
            'verifier/access/**/*.test.ts',
            'verifier/issuance/**/*.test.ts',
            'verifier/accounts/**/*.test.ts',
            'verifier/webhooks/**/*.test.ts',
          ],
          environment: 'node',
          env: { SAHIH_TEST_ENGINE: 'postgres' },
          testTimeout: 60_000,
          globalSetup: ['test/postgres-setup.ts'],
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

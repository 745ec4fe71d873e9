import { defineConfig } from 'vitest/config';

// Three layers, slowest last (`npm test` runs the first two, one after the other, so unit
// results come in seconds):
// - unit: pure modules and commands on small folders; no site build, no server.
// - integration: a real Node server on a loopback port, serving the fixture portal built once
//   (tests/helpers/global-setup.ts), real SQLite (and PostgreSQL with DATABASE_URL).
// - e2e (`npm run test:e2e`): Debian's Chromium driving the same build.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 240_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

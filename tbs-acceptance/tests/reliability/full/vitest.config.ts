import { defineConfig } from 'vitest/config';

// The full reliability suite only: the root config excludes it from `make test`.
export default defineConfig({
  test: {
    root: '../../../..',
    include: ['tbs-acceptance/tests/reliability/full/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 900_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});

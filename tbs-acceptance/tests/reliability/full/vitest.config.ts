import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The full reliability suite only: the root config excludes it from `make test`.
export default defineConfig({
  test: {
    // The repository root, whatever folder make runs vitest from (a relative root is taken from the working folder).
    root: fileURLToPath(new URL('../../../../', import.meta.url)),
    include: ['tbs-acceptance/tests/reliability/full/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 900_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});

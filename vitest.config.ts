import { defineConfig } from 'vitest/config';

// One runner for the whole repository. Each package keeps its tests in tests/{unit,integration,contract,...}.
export default defineConfig({
  test: {
    include: ['tbs-*/tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '.build/**', '**/tests/reliability/full/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});

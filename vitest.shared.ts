// Shared vitest settings: every package tests against the *source* of its workspace
// dependencies through the `@seqmod/source` export condition, so `pnpm test` needs no build.
import { defineConfig } from 'vitest/config';

export const sourceConditions = ['@seqmod/source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@seqmod/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

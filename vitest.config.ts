import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// `keel`, `keel/testing`, `keel/sandbox` and `keel/kernel` (package self-reference) resolve to the TypeScript
// sources through the `development` export condition, never to a possibly stale dist/. Vite adds
// `development` by default only while NODE_ENV is not 'production'; named here so a CI environment that
// sets NODE_ENV cannot switch the tests over to the build.
const DEVELOPMENT = 'development';

export default defineConfig({
  resolve: { conditions: [DEVELOPMENT, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [DEVELOPMENT, ...defaultServerConditions] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Venue and kernel tests open real sockets and child processes; two cores only.
    maxWorkers: 2,
  },
  bench: { include: ['bench/**/*.bench.ts'] },
});

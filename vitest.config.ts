import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Venue and kernel tests open real sockets and child processes; two cores only.
    maxWorkers: 2,
  },
  bench: { include: ['bench/**/*.bench.ts'] },
});

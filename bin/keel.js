#!/usr/bin/env node
// Launcher for the `keel` command: registers tsx's loader, then runs the TypeScript CLI, so no build step
// is needed. (`module.register('tsx/esm')` refuses on node 20; tsx's own API registers it correctly.)
import { register } from 'tsx/esm/api';

register();
process.removeAllListeners('warning');
process.on('warning', (w) => {
  // vm's importModuleDynamically option is experimental on node 20; the evaluator relies on it knowingly.
  if (w.name !== 'ExperimentalWarning') console.warn(w);
});
await import('../src/kernel/cli.ts');

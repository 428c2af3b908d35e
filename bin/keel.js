#!/usr/bin/env node
// Launcher for the `keel` command (and `npm start`): runs the compiled CLI from dist/ when that build is
// fresh (bin/dist.js), else registers tsx's loader and runs the TypeScript CLI, so a build is never
// required, only faster. Cells import the project's .ts either way: the evaluator registers tsx itself.
import { distStatus, distUrl, explainSourceStart } from './dist.js';

process.removeAllListeners('warning');
process.on('warning', (w) => {
  // vm's importModuleDynamically option is experimental on node 20; the evaluator relies on it knowingly.
  if (w.name !== 'ExperimentalWarning') console.warn(w);
});

const status = distStatus();
if (status.fresh) {
  await import(distUrl('kernel/cli/main.js'));
} else {
  explainSourceStart(status.reason);
  // Loaded only here: tsx's API is not needed on the compiled path until a cell runs.
  // (`module.register('tsx/esm')` refuses on node 20; tsx's own API registers it correctly.)
  const { register } = await import('tsx/esm/api');
  register();
  // Tells the evaluator that the TypeScript loader is already in place (it registers it otherwise).
  globalThis[Symbol.for('keel.eval.tsxRegistered')] = true;
  await import('../src/kernel/cli/main.ts');
}

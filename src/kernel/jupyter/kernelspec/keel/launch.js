// Started by Jupyter (see kernel.json): runs `keel kernel run`, compiled from dist/ when that build is
// fresh (see bin/dist.js), else from the TypeScript sources through tsx. Everything is resolved from this
// file's own location, so the kernel starts whatever the notebook's folder is.
import { distStatus, distUrl, explainSourceStart } from '../../../../../bin/dist.js';

const status = distStatus();
let kernelCommand;
if (status.fresh) {
  ({ kernelCommand } = await import(distUrl('kernel/cli/kernel.js')));
  // The kernel's modules load first, natively (hooks registered earlier would route them through tsx's
  // worker); tsx is then registered up front rather than lazily at the first importing cell, as the REPL
  // does: a benchmark run that registered it mid-session while trading hung once (not yet pinned down).
  await import(distUrl('kernel/jupyter/kernel.js'));
  const { register } = await import('tsx/esm/api');
  register();
  globalThis[Symbol.for('keel.eval.tsxRegistered')] = true;
} else {
  explainSourceStart(status.reason);
  const { register } = await import('tsx/esm/api');
  register();
  // Tells the evaluator that the TypeScript loader is already in place (it registers it otherwise).
  globalThis[Symbol.for('keel.eval.tsxRegistered')] = true;
  ({ kernelCommand } = await import('../../../cli/kernel.ts'));
}
const code = await kernelCommand.run(['run', ...process.argv.slice(2)]);
if (typeof code === 'number' && code !== 0) process.exit(code);

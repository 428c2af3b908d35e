// Started by Jupyter (see kernel.json): runs `keel kernel run` from TypeScript sources, no build step.
// tsx is resolved from this file's own location, so the kernel starts whatever the notebook's folder is.
import { register } from 'tsx/esm/api';

register();
// Tells the evaluator that the TypeScript loader is already in place (it registers it otherwise).
globalThis[Symbol.for('keel.eval.tsxRegistered')] = true;

const { kernelCommand } = await import('../../../commands/kernel.ts');
const code = await kernelCommand.run(['run', ...process.argv.slice(2)]);
if (typeof code === 'number' && code !== 0) process.exit(code);

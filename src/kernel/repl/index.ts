/** The terminal REPL shell, generic over what is in scope and which dot-commands exist. */
export { startRepl } from './start-repl.js';
export { formatError } from './format-error.js';
export type { RenderOptions, ReplCommand, ReplHandle, ReplOptions } from './types.js';

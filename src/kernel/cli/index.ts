import { attachCommand } from './attach.js';
import { kernelCommand } from './kernel.js';
import { nodeCommand } from './node.js';
import { replCommand } from './repl.js';
import { statusCommand } from './status.js';
import type { CliCommand } from './types.js';
import { venueCommand } from './venue.js';

/** Sub-commands by name; 'default' runs for a bare `keel`. Each lives in its own file. */
export const commands: Record<string, CliCommand> = {
  default: replCommand,
  repl: replCommand,
  status: statusCommand,
  kernel: kernelCommand,
  venue: venueCommand,
  node: nodeCommand,
  attach: attachCommand,
};

import { kernelCommand } from './kernel.js';
import { statusCommand } from './status.js';
import type { CliCommand } from './types.js';
import { venueCommand } from './venue.js';

/** Sub-commands by name; 'default' runs for a bare `keel`. Each lives in its own file. */
export const commands: Record<string, CliCommand> = {
  default: statusCommand,
  status: statusCommand,
  kernel: kernelCommand,
  venue: venueCommand,
};

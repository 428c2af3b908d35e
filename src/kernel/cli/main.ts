/**
 * The `keel` command: a table of sub-commands, each in its own file in this folder; `dispatch.ts`
 * picks one and answers `--help`. A bare `keel` opens the terminal REPL.
 */
import { runCli } from './dispatch.js';

const code = await runCli(process.argv.slice(2));
// Not process.exit: a command that leaves work running (the REPL, a venue) ends on its own terms.
process.exitCode = code;

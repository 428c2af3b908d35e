/**
 * The `keel` command: a table of sub-commands, each in its own file under `commands/`.
 * `keel` with no arguments opens the terminal REPL (when it exists), else prints what works.
 */
import { commands } from './commands/index.js';

const [name, ...args] = process.argv.slice(2);
const command = commands[name ?? 'default'];
if (!command) {
  console.error(`keel: unknown command '${name}'. Expected one of: ${Object.keys(commands).filter((c) => c !== 'default').join(', ')}`);
  process.exitCode = 2;
} else {
  const code = await command.run(args);
  if (typeof code === 'number') process.exitCode = code;
}

/**
 * `keel [COMMAND] [ARGS]`: picks the sub-command and answers help the conventional way — `keel --help`,
 * `keel -h`, `keel help [COMMAND]` and `COMMAND --help` anywhere in its arguments print usage to stdout
 * and exit 0; an unknown command names the valid ones and exits 2.
 */
import { commands } from './index.js';
import { CliUsageError } from './cli-args.js';

const HELP_FLAGS = new Set(['--help', '-h']);

function overview(): string {
  const names = Object.keys(commands).filter((c) => c !== 'default');
  const width = Math.max(...names.map((n) => n.length));
  return [
    'usage: keel [COMMAND] [ARGS]    (no command: the REPL, as `npm start`)',
    '',
    'commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${commands[n]!.summary}`),
    '',
    'keel help COMMAND or keel COMMAND --help shows a command\'s usage.',
  ].join('\n');
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first !== undefined && HELP_FLAGS.has(first)) {
    console.log(overview());
    return 0;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      console.log(overview());
      return 0;
    }
    const command = commands[topic];
    if (!command || topic === 'default') {
      console.error(`keel help: unknown command '${topic}'. Expected one of: ${Object.keys(commands).filter((c) => c !== 'default').join(', ')}`);
      return 2;
    }
    console.log(command.usage);
    return 0;
  }
  const name = first ?? 'default';
  const command = first?.startsWith('-') ? commands['default'] : commands[name];
  const args = first?.startsWith('-') ? [...argv] : rest;
  if (!command) {
    console.error(`keel: unknown command '${name}'. Expected one of: ${Object.keys(commands).filter((c) => c !== 'default').join(', ')} (keel --help)`);
    return 2;
  }
  if (args.some((a) => HELP_FLAGS.has(a))) {
    console.log(command.usage);
    return 0;
  }
  try {
    const code = await command.run(args);
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    if (e instanceof CliUsageError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
}

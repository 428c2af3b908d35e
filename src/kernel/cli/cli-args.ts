/**
 * Command-line options for every `keel` sub-command through one door: node's `parseArgs`, with its
 * errors rewritten to say what was received and which options exist (a typo'd flag must not be a
 * bare "Unknown option").
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
/** Named so the declaration build can write it (node's own name for it is not exported). */
type ParsedArgs<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>>;

export class CliUsageError extends Error {}

function optionNames(options: Options): string {
  return Object.entries(options)
    .map(([name, o]) => `--${name}${o.type === 'string' ? ' VALUE' : ''}`)
    .join(', ');
}

/**
 * Parses `args` for `command` (e.g. 'keel venue'). Throws `CliUsageError` with a one-line message naming
 * the option received and the valid ones.
 */
export function parseCliArgs<O extends Options>(command: string, args: string[], options: O, allowPositionals = false): ParsedArgs<O> {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const received = /'([^']+)'/.exec((e as Error).message)?.[1];
    const valid = Object.keys(options).length > 0 ? `valid options: ${optionNames(options)}` : 'it takes no options';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new CliUsageError(`${command}: unknown option '${received ?? '?'}'; ${valid} (see ${command} --help)`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new CliUsageError(`${command}: unexpected argument '${received ?? '?'}'; ${valid} (see ${command} --help)`);
    }
    throw new CliUsageError(`${command}: ${(e as Error).message} (see ${command} --help)`);
  }
}

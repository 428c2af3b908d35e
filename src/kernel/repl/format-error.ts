/**
 * How a failed cell or command is shown. An `EngineError` is data (code + message) and shows as such;
 * anything else shows the first lines of its stack. Checked by shape, not `instanceof`: the error may
 * come from a different copy of the engine module (e.g. one loaded by a test runner).
 */
import { inspect } from 'node:util';

const STACK_LINES = 4;

export function formatError(error: unknown, colors: boolean): string {
  const text = describe(error);
  return colors ? `\x1b[31m${text}\x1b[39m` : text;
}

function describe(error: unknown): string {
  if (isCodedError(error)) return `${error.code}: ${error.message}`;
  if (error instanceof Error) {
    const stack = error.stack ?? `${error.name}: ${error.message}`;
    return stack.split('\n').slice(0, STACK_LINES).join('\n');
  }
  return `Uncaught ${inspect(error)}`;
}

function isCodedError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && error.name === 'EngineError' && typeof (error as { code?: unknown }).code === 'string';
}

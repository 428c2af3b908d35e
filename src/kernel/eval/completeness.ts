/**
 * Is a cell ready to run? Multi-line entry in the REPL (and Jupyter's is_complete) needs to tell
 * "unfinished" (an unclosed brace, string, template or comment: wait for more lines) from "wrong" (a
 * syntax error before the end: run it so the error is shown).
 */
import { ts } from './typescript.js';
import type { Completeness } from './types.js';
import { parseDiagnostics } from './transform.js';

export function checkCompleteness(code: string): Completeness {
  const trimmedEnd = code.trimEnd().length;
  if (trimmedEnd === 0) return 'complete';
  // A trailing backslash continues the line (inside a string, or as the user's "more to come").
  if (code.trimEnd().endsWith('\\')) return 'incomplete';
  const sf = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const errors = parseDiagnostics(sf).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length === 0) return 'complete';
  // The parser reports a missing closer, an unterminated string/template/comment, or a missing operand
  // at the very end of the input. An error anywhere before the end is a real mistake.
  return errors.every((d) => d.start >= trimmedEnd) ? 'incomplete' : 'invalid';
}

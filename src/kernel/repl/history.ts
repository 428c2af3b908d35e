/**
 * History kept across sessions in a plain text file, one entry a line, oldest first. We keep it
 * ourselves rather than through `REPLServer#setupHistory` so it also works when the REPL is not on a
 * terminal (tests, pipes) and each line is on disk as soon as it is entered.
 *
 * The file holds whatever was typed, keys and secrets pasted into a cell included, so it is the user's
 * alone: created 0600 like node's own REPL history, and an existing file that others can read (made by
 * an older keel, or by hand) is tightened to 0600 when the REPL opens it.
 */
import { appendFileSync, chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const HISTORY_FILE_MODE = 0o600;

export function loadHistory(file: string, size: number): string[] {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim().length > 0);
  } catch {
    return [];
  }
  restrictMode(file);
  if (lines.length > size) {
    lines = lines.slice(-size);
    // Trim the file now so it never grows without bound.
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: HISTORY_FILE_MODE });
  }
  return lines;
}

export function appendHistory(file: string, line: string): void {
  if (line.trim().length === 0 || line.includes('\n')) return;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // `mode` applies when the file is created; the umask can only take bits away from 0600.
    appendFileSync(file, `${line}\n`, { mode: HISTORY_FILE_MODE });
  } catch {
    // History is a convenience: a read-only home must not break the REPL.
  }
}

function restrictMode(file: string): void {
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, HISTORY_FILE_MODE);
  } catch {
    // Someone else's file (we could read it, not chmod it): keep going, as with a read-only home.
  }
}

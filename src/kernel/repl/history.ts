/**
 * History kept across sessions in a plain text file, one entry a line, oldest first. We keep it
 * ourselves rather than through `REPLServer#setupHistory` so it also works when the REPL is not on a
 * terminal (tests, pipes) and each line is on disk as soon as it is entered.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function loadHistory(file: string, size: number): string[] {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim().length > 0);
  } catch {
    return [];
  }
  if (lines.length > size) {
    lines = lines.slice(-size);
    // Trim the file now so it never grows without bound.
    writeFileSync(file, `${lines.join('\n')}\n`);
  }
  return lines;
}

export function appendHistory(file: string, line: string): void {
  if (line.trim().length === 0 || line.includes('\n')) return;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    appendFileSync(file, `${line}\n`);
  } catch {
    // History is a convenience: a read-only home must not break the REPL.
  }
}

import { closeSync, openSync, readSync } from 'node:fs';
import { EngineError } from '../core/errors.js';

/**
 * Reads a text file line by line in fixed-size chunks, so a loader can stream a large recording without
 * holding it in memory. Synchronous on purpose: a replay feed pulls the next rows inside a timer tick.
 */
export interface CsvLine {
  /** 1-based line number in the file, for error messages. */
  readonly lineNo: number;
  readonly text: string;
}

const CHUNK_BYTES = 64 * 1024;

export function* readLines(path: string): Generator<CsvLine> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new EngineError('DATA_FILE_UNREADABLE', `expected a readable data file at ${path}, received ${(err as Error).message}`, {
      file: path,
    });
  }
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    const decoder = new TextDecoder('utf-8');
    let pending = '';
    let lineNo = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      pending += decoder.decode(buf.subarray(0, n), { stream: true });
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        lineNo++;
        yield { lineNo, text: stripCr(pending.slice(0, nl)) };
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
    }
    pending += decoder.decode();
    if (pending.length > 0) yield { lineNo: lineNo + 1, text: stripCr(pending) };
  } finally {
    closeSync(fd);
  }
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

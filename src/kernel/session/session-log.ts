/**
 * The node's logger inside a session. A headless node writes JSON lines; in a REPL or a notebook those
 * would land in the middle of the user's typing, so the session keeps recent entries (for `session.log`)
 * and hands warnings and errors, as one readable line each, to whatever the front end sets as the sink.
 */
import type { LogLevel, Logger } from '../../engine/index.js';
import type { LogFields } from '../../engine/core/logger.js';

export interface SessionLogEntry {
  readonly level: LogLevel;
  readonly msg: string;
  readonly fields: LogFields;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const KEPT = 500;

export class SessionLog implements Logger {
  private readonly kept: SessionLogEntry[] = [];
  /** Where shown entries go; the REPL prints them above its prompt. Default: stderr. */
  sink: (line: string, entry: SessionLogEntry) => void = (line) => process.stderr.write(`${line}\n`);

  constructor(
    /** Entries at this level and above are kept. */
    private readonly keepLevel: LogLevel = 'info',
    /** Entries at this level and above are shown. */
    public showLevel: LogLevel = 'warn',
  ) {}

  get entries(): readonly SessionLogEntry[] {
    return this.kept;
  }

  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }

  private log(level: LogLevel, msg: string, fields: LogFields = {}): void {
    if (RANK[level] < RANK[this.keepLevel]) return;
    const entry = { level, msg, fields };
    this.kept.push(entry);
    if (this.kept.length > KEPT) this.kept.shift();
    if (RANK[level] >= RANK[this.showLevel]) this.sink(formatLogLine(entry), entry);
  }
}

/** `[warn] message (code=X clientOrderId=Y)`: the fields that identify, not the whole record. */
export function formatLogLine(e: SessionLogEntry): string {
  const ids = ['code', 'clientOrderId', 'strategyId', 'venue'].filter((k) => e.fields[k] !== undefined).map((k) => `${k}=${String(e.fields[k])}`);
  return `[${e.level}] ${e.msg}${ids.length > 0 ? ` (${ids.join(' ')})` : ''}`;
}

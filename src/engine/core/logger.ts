import type { Clock } from './clock.js';
import { NANOS_PER_SEC } from './clock.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

/** Where the engine says what it did. The engine never knows whether this ends in a file, a terminal or a test. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogEntry {
  readonly level: LogLevel;
  readonly msg: string;
  readonly fields: LogFields;
  readonly tsNs: bigint | undefined;
}

abstract class LevelLogger implements Logger {
  protected constructor(private readonly minLevel: LogLevel) {}
  protected abstract emit(level: LogLevel, msg: string, fields: LogFields): void;
  private log(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    if (LEVEL_RANK[level] >= LEVEL_RANK[this.minLevel]) this.emit(level, msg, fields ?? {});
  }
  debug(msg: string, fields?: LogFields): void { this.log('debug', msg, fields); }
  info(msg: string, fields?: LogFields): void { this.log('info', msg, fields); }
  warn(msg: string, fields?: LogFields): void { this.log('warn', msg, fields); }
  error(msg: string, fields?: LogFields): void { this.log('error', msg, fields); }
}

export interface JsonLinesLoggerOptions {
  readonly clock?: Clock;
  readonly level?: LogLevel;
  /** Added to every line (e.g. `{ component: 'ExecEngine' }`). */
  readonly base?: LogFields;
  /** Default: process.stdout. */
  readonly write?: (line: string) => void;
}

/** One JSON object per line (what a deployed, headless node writes). Bigints are written as strings. */
export class JsonLinesLogger extends LevelLogger {
  private readonly write: (line: string) => void;
  constructor(private readonly options: JsonLinesLoggerOptions = {}) {
    super(options.level ?? 'info');
    this.write = options.write ?? ((line) => { process.stdout.write(line); });
  }
  protected emit(level: LogLevel, msg: string, fields: LogFields): void {
    const record: Record<string, unknown> = { level, msg, ...this.options.base, ...fields };
    if (this.options.clock) record.ts = this.options.clock.timestampNs();
    this.write(`${JSON.stringify(record, jsonReplacer)}\n`);
  }
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message, ...(value as unknown as Record<string, unknown>) };
  return value;
}

/** Keeps entries in memory: tests assert on what was logged. */
export class MemoryLogger extends LevelLogger {
  readonly entries: LogEntry[] = [];
  constructor(private readonly clock?: Clock, level: LogLevel = 'debug') {
    super(level);
  }
  protected emit(level: LogLevel, msg: string, fields: LogFields): void {
    this.entries.push({ level, msg, fields, tsNs: this.clock?.timestampNs() });
  }
  at(level: LogLevel): LogEntry[] {
    return this.entries.filter((e) => e.level === level);
  }
  messages(level?: LogLevel): string[] {
    return (level ? this.at(level) : this.entries).map((e) => e.msg);
  }
  clear(): void {
    this.entries.length = 0;
  }
}

class NoopLogger implements Logger {
  debug(): void {}
  info(): void {}
  warn(): void {}
  error(): void {}
}

export const noopLogger: Logger = new NoopLogger();

/** A warning function that says a given thing at most once per interval (default 1 s) per key. */
export type RateLimitedWarn = (key: string, msg: string, fields?: LogFields) => boolean;

export function rateLimitedWarn(logger: Logger, clock: Clock, intervalNs: bigint = NANOS_PER_SEC): RateLimitedWarn {
  const lastNs = new Map<string, bigint>();
  return (key, msg, fields) => {
    const now = clock.timestampNs();
    const last = lastNs.get(key);
    if (last !== undefined && now - last < intervalNs) return false;
    lastNs.set(key, now);
    logger.warn(msg, fields);
    return true;
  };
}

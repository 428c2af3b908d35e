/**
 * What a strategy's throwing hooks leave behind: the last errors (hook, message, where in the user's
 * code, how many times) for `strategy.errors`, and the decision of what to log. A hook that throws on
 * every quote must not bury the log: the first throw of a (hook, message) is logged with where it came
 * from, repeats within the fold window are counted, and the next one after the window logs
 * "… N more times in S s" before starting a new window.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineError } from '../core/errors.js';

export interface HookError {
  readonly hook: string;
  readonly message: string;
  readonly code?: string;
  /** The first stack frame outside keel's engine: a REPL/notebook cell (`cell-3.js:4:11`) or a file. */
  readonly where: string | null;
  /** Times this (hook, message) has thrown since the strategy was created. */
  readonly count: number;
  readonly firstTs: bigint;
  readonly lastTs: bigint;
}

export interface HookErrorLogLine {
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

const times = (n: number): string => (n === 1 ? '1 more time' : `${n} more times`);

export const FOLD_WINDOW_NS = 5_000_000_000n;
const KEEP = 20;
/** This folder's parent: frames under it are keel's own (src/engine or dist/src/engine). */
const ENGINE_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The first frame of `err.stack` that is not keel's engine, node's internals or a dependency. */
export function userFrame(err: unknown): string | null {
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^()]+?):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!m) continue;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (file.startsWith(ENGINE_DIR + path.sep) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    return `${path.basename(file)}:${m[2]}:${m[3]}`;
  }
  return null;
}

interface Fold {
  error: HookError;
  windowStart: bigint;
  suppressed: number;
}

export class HookErrors {
  private readonly folds = new Map<string, Fold>();
  private recent: HookError[] = [];

  /** The latest errors, newest last, one row per (hook, message) with its count. */
  get list(): readonly HookError[] {
    return this.recent;
  }

  /** Record a throw at `now`; returns the lines to log (none while a repeat is folded). */
  record(strategyId: string, hook: string, err: unknown, now: bigint): HookErrorLogLine[] {
    const message = err instanceof Error ? err.message : String(err);
    const key = `${hook}\u0000${message}`;
    const where = userFrame(err);
    const code = err instanceof EngineError ? err.code : undefined;
    const fold = this.folds.get(key);
    const error: HookError = {
      hook, message, where, ...(code !== undefined ? { code } : {}),
      count: (fold?.error.count ?? 0) + 1, firstTs: fold?.error.firstTs ?? now, lastTs: now,
    };
    this.recent = [...this.recent.filter((e) => !(e.hook === hook && e.message === message)), error].slice(-KEEP);
    const fields = { strategyId, hook, error: message, where, ...(code !== undefined ? { code } : {}) };
    if (fold && now - fold.windowStart < FOLD_WINDOW_NS) {
      fold.error = error;
      fold.suppressed += 1;
      return [];
    }
    const lines: HookErrorLogLine[] = [];
    if (fold && fold.suppressed > 0) {
      const secs = Number(fold.error.lastTs - fold.windowStart) / 1e9;
      lines.push({ message: `${strategyId}: ${hook} threw '${message}' ${times(fold.suppressed)} in ${secs.toFixed(1)} s`, fields: { ...fields, repeats: fold.suppressed } });
    }
    lines.push({ message: `${strategyId}: ${hook} threw: ${message}${where ? ` (at ${where})` : ''}`, fields });
    this.folds.set(key, { error, windowStart: now, suppressed: 0 });
    return lines;
  }

  /** Repeats still folded (logged at stop so none goes unsaid). */
  flush(strategyId: string): HookErrorLogLine[] {
    const lines: HookErrorLogLine[] = [];
    for (const fold of this.folds.values()) {
      if (fold.suppressed === 0) continue;
      const secs = Number(fold.error.lastTs - fold.windowStart) / 1e9;
      lines.push({
        message: `${strategyId}: ${fold.error.hook} threw '${fold.error.message}' ${times(fold.suppressed)} in ${secs.toFixed(1)} s`,
        fields: { strategyId, hook: fold.error.hook, error: fold.error.message, where: fold.error.where, repeats: fold.suppressed },
      });
      fold.suppressed = 0;
    }
    return lines;
  }
}

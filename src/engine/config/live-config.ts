/**
 * The one mechanism by which a running component changes its config (exec engine, risk engine, each
 * strategy): the current value is held frozen; a partial is validated (unknown keys refused with a
 * "did you mean", then the merged whole through the component's schema, then the component's own
 * guard), diffed, stamped with the injected clock, tagged with a typed source, applied, and appended to
 * the node's audit log (which publishes it on the bus). Anything refused throws an EngineError and
 * changes nothing. An undo (`revertOf`) goes through the same path, so it is validated and audited too.
 */
import type { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { EngineError } from '../core/errors.js';
import { ATTACH_SOURCE, CONFIG_SOURCES, type ConfigAudit, type ConfigChange, type ConfigDiffEntry, type ConfigKeyInfo, type ConfigSource, type ConfigTarget } from './config-change.js';
import { sameValue } from './config-diff.js';
import { parseConfig } from './parse-config.js';

export interface LiveConfigSpec<T extends object> {
  /** What changes are recorded against; a function when it is known only later (a strategy's id). */
  readonly target: () => ConfigTarget;
  /** The short name in change ids: 'exec' → `CC-exec-<ts>-<n>` (the time keeps ids unique across restarts). */
  readonly idTag: () => string;
  /** The strict object schema of the whole value (its keys are the only ones a partial may name). */
  readonly schema: z.ZodObject;
  /** The merged whole before the schema (default: the partial over the current value, key by key). */
  readonly merge?: (current: T, partial: Readonly<Record<string, unknown>>) => unknown;
  /** After the schema, what only the component validates (a strategy's params schema); returns the value to hold. */
  readonly refine?: (next: T) => T;
  /** Refuses (throws an EngineError) a change that cannot apply live now; the last check before anything changes. */
  readonly guard?: (next: T, current: T) => void;
  /** Keys holding an object whose entries are diffed (and reverted) one by one as `key.entry` (a strategy's params). */
  readonly entryKeys?: readonly string[];
  /** Puts the change into effect (resize queues, reset a rate limiter); must not throw: the value is already held. */
  readonly apply?: (before: T, next: T, change: ConfigChange) => void;
}

/** What stamps and records changes: the node's clock and audit log (a strategy gets them on register). */
export interface LiveConfigRecorder {
  readonly clock: Clock;
  readonly audit: ConfigAudit;
}

export class LiveConfig<T extends object> {
  private value: Readonly<T>;
  private seq = 0;
  private recorder: LiveConfigRecorder | undefined;

  constructor(private readonly spec: LiveConfigSpec<T>, initial: T, recorder?: LiveConfigRecorder) {
    this.value = Object.freeze({ ...initial });
    this.recorder = recorder;
  }

  /** The current value (frozen; a new object after each change). */
  get current(): Readonly<T> {
    return this.value;
  }

  /** The keys a change may name, each with its one-line description, in the schema's order. */
  get keys(): readonly ConfigKeyInfo[] {
    return Object.entries(this.spec.schema.shape).map(([key, field]) => ({ key, description: (field as z.ZodType).description ?? '' }));
  }

  get target(): ConfigTarget {
    return this.spec.target();
  }

  /** Start recording into a node's log (a strategy, once registered). Before that changes are stamped 0 and not logged. */
  attach(recorder: LiveConfigRecorder | undefined): void {
    this.recorder = recorder;
  }

  /**
   * Validate and apply `partial`; returns the change (empty `changes` when nothing differs, still
   * recorded: the audit shows the call). `source` defaults to the log's (the REPL's node: 'repl').
   */
  change(partial: unknown, source?: ConfigSource, revertOf?: string): ConfigChange {
    const target = this.spec.target();
    const by = this.checkSource(source, target);
    if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
      throw new EngineError('CONFIG_INVALID', `${target}.configure: expected an object of its config keys, received ${String(partial)}`, { target, received: String(partial) });
    }
    const p = partial as Readonly<Record<string, unknown>>;
    // The partial alone first, so an unknown key is named as such (with a "did you mean"), then the whole.
    parseConfig(this.spec.schema.partial(), p, `${target} change`);
    const current = this.value;
    const merged = this.spec.merge ? this.spec.merge(current, p) : { ...current, ...p };
    const parsed = parseConfig(this.spec.schema, merged, target) as T;
    const next = Object.freeze(this.spec.refine ? this.spec.refine(parsed) : parsed);
    this.spec.guard?.(next, current);

    const tsEvent = this.recorder?.clock.timestampNs() ?? 0n;
    const change: ConfigChange = {
      kind: 'ConfigChange', changeId: `CC-${this.spec.idTag()}-${tsEvent}-${++this.seq}`, target,
      source: revertOf === undefined ? by : `${by} (revert ${revertOf})`, ...(revertOf !== undefined ? { revertOf } : {}),
      tsEvent, changes: this.diff(current, next),
    };
    this.value = next;
    this.spec.apply?.(current, next, change);
    this.recorder?.audit.append(change);
    return change;
  }

  private checkSource(source: unknown, target: ConfigTarget): ConfigSource {
    if (source === undefined) return this.recorder?.audit.defaultSource ?? 'user';
    if (typeof source === 'string' && ((CONFIG_SOURCES as readonly string[]).includes(source) || ATTACH_SOURCE.test(source))) return source as ConfigSource;
    // A cell may pass anything: a source outside the union would poison the audit log.
    const received = typeof source === 'object' ? JSON.stringify(source) : typeof source === 'string' ? `'${source}'` : String(source);
    throw new EngineError('CONFIG_INVALID', `${target}.configure: expected the source as a non-empty string label (one of ${CONFIG_SOURCES.map((s) => `'${s}'`).join(', ')}), received ${received}`, {
      key: 'source', received,
    });
  }

  /** Keys whose value changed, sorted; entry keys one level down (`params.fast`). */
  private diff(before: Readonly<T>, after: Readonly<T>): ConfigDiffEntry[] {
    const b = before as Readonly<Record<string, unknown>>;
    const a = after as Readonly<Record<string, unknown>>;
    const entryKeys = this.spec.entryKeys ?? [];
    const out: ConfigDiffEntry[] = [];
    for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
      if (entryKeys.includes(key)) {
        const bo = (b[key] ?? {}) as Record<string, unknown>;
        const ao = (a[key] ?? {}) as Record<string, unknown>;
        for (const k of [...new Set([...Object.keys(bo), ...Object.keys(ao)])].sort()) {
          if (!sameValue(bo[k], ao[k])) out.push({ key: `${key}.${k}`, before: bo[k], after: ao[k] });
        }
      } else if (!sameValue(b[key], a[key])) {
        out.push({ key, before: b[key], after: a[key] });
      }
    }
    return out;
  }
}

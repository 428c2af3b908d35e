import { EngineError } from './errors.js';

/**
 * One shape for every lifecycle in keel (order, venue order, node, strategy, connection): a table
 * `state × event → state` kept as data in the machine's own file, read by one helper, refused with one
 * error code. Machines whose events simply name the state they move to (node, connection, the order
 * status table) declare their rows as `from → allowed targets` and `movesTo` turns them into the same
 * shape, so `can`/`next` and the error are the same everywhere.
 */
export type TransitionTable<S extends string, E extends string> = Readonly<Record<S, Readonly<Partial<Record<E, S>>>>>;

/** What a refusal may add to the generic message and details (e.g. which order, what the event was). */
export interface Refusal {
  /** Names the thing whose state it is (`venue order V-1`, `EmaCross-001`), shown in the message. */
  readonly subject?: string;
  /** What was received, in the machine's own words; defaults to `from → event`. */
  readonly received?: string;
  /** Merged over `{ machine, from, event, allowed }`. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface StateMachine<S extends string, E extends string> {
  readonly name: string;
  readonly table: TransitionTable<S, E>;
  can(from: S, event: E): boolean;
  /** The state `event` moves `from` to, or throws `INVALID_STATE_TRANSITION` (a bad input changes nothing). */
  next(from: S, event: E, refusal?: Refusal): S;
  /** The events allowed from `from`, in table order. */
  allowed(from: S): E[];
  /** The error `next` throws, for callers that refuse before consulting the table. */
  refuse(from: S, event: string, refusal?: Refusal): EngineError;
}

export function defineMachine<S extends string, E extends string>(name: string, table: TransitionTable<S, E>): StateMachine<S, E> {
  const allowed = (from: S): E[] => Object.keys(table[from] ?? {}) as E[];
  const refuse = (from: S, event: string, r: Refusal = {}): EngineError => {
    const expected = allowed(from);
    const subject = r.subject !== undefined ? ` (${r.subject})` : '';
    return new EngineError(
      'INVALID_STATE_TRANSITION',
      `invalid ${name} state transition${subject}: expected one of [${expected.join(', ')}] from ${from}, ` +
        `received ${r.received ?? `${from} → ${event}`}`,
      { machine: name, from, event, allowed: expected, ...r.details },
    );
  };
  const can = (from: S, event: E): boolean => table[from]?.[event] !== undefined;
  return Object.freeze({
    name,
    table,
    can,
    allowed,
    refuse,
    next(from: S, event: E, refusal?: Refusal): S {
      const to = table[from]?.[event];
      if (to === undefined) throw refuse(from, event, refusal);
      return to;
    },
  });
}

/** `from → allowed targets` rows as a transition table whose events are the target states. */
export function movesTo<S extends string>(rows: Readonly<Record<S, readonly S[]>>): TransitionTable<S, S> {
  const table = {} as Record<S, Partial<Record<S, S>>>;
  for (const from of Object.keys(rows) as S[]) {
    table[from] = Object.fromEntries(rows[from].map((to) => [to, to])) as Partial<Record<S, S>>;
  }
  return table;
}

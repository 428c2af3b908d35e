import type { JournalRecord } from './records.js';
import { decodeValue, encodeValue } from './value-codec.js';

/**
 * Where a node's state lives in Redis (docs/redis.md). Every key of one trader id shares the hash tag
 * `{traderId}`, so the append script (which touches all three) works on a Redis Cluster too, and several
 * nodes (different trader ids) share one Redis without seeing each other.
 */
export interface RedisKeys {
  /** Stream: every record, in append order, never trimmed (the durable log `load` folds). */
  readonly records: string;
  /** Stream: the order, position and config events, for followers (XREAD); trimmed to `eventsMaxLen`. */
  readonly events: string;
  /** String: the sequence number of the last record written (the guard that writes nothing twice). */
  readonly seq: string;
}

export function redisKeys(traderId: string): RedisKeys {
  const base = `keel:{${traderId}}`;
  return { records: `${base}:records`, events: `${base}:events`, seq: `${base}:seq` };
}

/** A record as a stream entry's fields: readable without decoding (`kind`, `type`, `id`), exact in `data`. */
export interface RecordFields {
  readonly kind: string;
  readonly type: string;
  /** The client order id, position id, change id or marker name the record is about. */
  readonly id: string;
  /** The record in keel's exact JSON (value-codec.ts: decimals and bigints keep their precision). */
  readonly data: string;
  /** Also published on the events stream. */
  readonly publish: boolean;
}

export function recordFields(record: JournalRecord): RecordFields {
  const data = encodeValue(record);
  switch (record.kind) {
    case 'order-event':
      return { kind: record.kind, type: record.event.type, id: record.event.clientOrderId, data, publish: true };
    case 'position-event':
      return { kind: record.kind, type: record.event.type, id: record.event.positionId, data, publish: true };
    case 'config-change':
      return { kind: record.kind, type: 'ConfigChange', id: record.change.changeId, data, publish: true };
    case 'order-position':
      return { kind: record.kind, type: record.kind, id: record.clientOrderId, data, publish: false };
    case 'position-fill':
      return { kind: record.kind, type: record.kind, id: record.positionId, data, publish: false };
    case 'order-list':
      return { kind: record.kind, type: record.kind, id: record.list.id, data, publish: false };
    case 'reconciliation':
      return { kind: record.kind, type: 'ReconciliationResult', id: '', data, publish: false };
    case 'account-state':
      return { kind: record.kind, type: 'AccountState', id: record.state.venue, data, publish: false };
    case 'marker':
      return { kind: record.kind, type: 'marker', id: record.name, data, publish: false };
    default: {
      const never: never = record;
      throw new Error(`unknown journal record ${String((never as { kind: unknown }).kind)}`);
    }
  }
}

/** A stream entry's flat field list ([k1, v1, k2, v2...], as XRANGE returns it) → its record. */
export function recordOfEntry(fields: readonly string[]): JournalRecord | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'data') return decodeValue<JournalRecord>(fields[i + 1]!);
  return undefined;
}

/**
 * Appends one batch atomically, exactly once. KEYS: records, events, seq. ARGV: the batch's first sequence
 * number, its size, the events stream cap, then 5 values per record (kind, type, id, data, publish).
 * A batch whose first number is at or below the stored one was written already (a resend after a lost
 * reply): nothing is written again. A batch that does not follow the stored one is refused (a gap would
 * reorder records): the writer resends from its oldest unacknowledged record.
 */
export const APPEND_SCRIPT = `
local last = tonumber(redis.call('GET', KEYS[3]) or '0')
local first = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
if first <= last then return last end
if first ~= last + 1 then return redis.error_reply('KEEL_SEQ_GAP expected ' .. (last + 1) .. ' received ' .. first) end
local i = 4
for s = first, first + n - 1 do
  redis.call('XADD', KEYS[1], '*', 'seq', s, 'kind', ARGV[i], 'type', ARGV[i + 1], 'id', ARGV[i + 2], 'data', ARGV[i + 3])
  if ARGV[i + 4] == '1' then
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'seq', s, 'kind', ARGV[i], 'type', ARGV[i + 1], 'id', ARGV[i + 2], 'data', ARGV[i + 3])
  end
  i = i + 5
end
redis.call('SET', KEYS[3], first + n - 1)
return first + n - 1
`;

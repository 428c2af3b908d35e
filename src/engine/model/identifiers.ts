import { createHash, randomFillSync } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { EngineError } from '../core/errors.js';

/**
 * Identifier rules (live-execution.md §2). Generated ids embed the UTC date and time of the clock and a
 * per-strategy count: `O-{YYYYMMDD}-{HHMMSS}-{traderTag}-{strategyTag}-{n}`.
 */

/** The tag of a trader or strategy id: the part after the last '-' (`TRADER-001` → `001`). */
export function idTag(id: string): string {
  const dash = id.lastIndexOf('-');
  if (dash <= 0 || dash === id.length - 1) {
    throw new EngineError('ID_TAG_MISSING', `expected an id of the form 'NAME-TAG' (e.g. 'TRADER-001'), received '${id}'`, { received: id });
  }
  return id.slice(dash + 1);
}
export const traderTag = idTag;
export const strategyTag = idTag;

/**
 * `YYYYMMDD-HHMMSS` in UTC for nanoseconds since the epoch. Computed from the day count (civil-from-days)
 * rather than a JS Date object: the engine reads time only through its injected Clock.
 */
export function formatIdTimestamp(tsNs: bigint): string {
  const secs = tsNs / 1_000_000_000n - (tsNs < 0n && tsNs % 1_000_000_000n !== 0n ? 1n : 0n);
  let days = secs / 86_400n;
  let rem = secs % 86_400n;
  if (rem < 0n) {
    rem += 86_400n;
    days -= 1n;
  }
  const { y, m, d } = civilFromDays(Number(days));
  const hh = Number(rem / 3600n);
  const mm = Number((rem % 3600n) / 60n);
  const ss = Number(rem % 60n);
  return `${pad(y, 4)}${pad(m, 2)}${pad(d, 2)}-${pad(hh, 2)}${pad(mm, 2)}${pad(ss, 2)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm). */
function civilFromDays(z: number): { y: number; m: number; d: number } {
  z += 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/**
 * The largest count `n` among ids of the shape `{prefix}-{YYYYMMDD}-{HHMMSS}-{traderTag}-{strategyTag}-{n}`
 * (an `F` flip suffix is ignored); 0 if none match. Used to continue counting after a restart.
 */
export function maxIdCount(ids: Iterable<string>, prefix: string, traderTagValue: string, strategyTagValue: string): number {
  const re = new RegExp(`^${escapeRe(prefix)}-\\d{8}-\\d{6}-${escapeRe(traderTagValue)}-${escapeRe(strategyTagValue)}-(\\d+)F*$`);
  let max = 0;
  for (const id of ids) {
    const m = re.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Shared shape of the O-/OL-/P- generators: one count per strategy. */
class CountingIdGenerator {
  private count = 0;
  private readonly traderTagValue: string;
  private readonly strategyTagValue: string;

  constructor(
    private readonly prefix: string,
    traderId: string,
    strategyId: string,
    private readonly clock: Clock,
  ) {
    this.traderTagValue = idTag(traderId);
    this.strategyTagValue = idTag(strategyId);
  }

  /** The count of the last id generated (0 before the first). */
  get currentCount(): number {
    return this.count;
  }

  /** Continue after a restart: the next id gets `n + 1`. */
  setCount(n: number): void {
    if (!Number.isInteger(n) || n < 0) {
      throw new EngineError('ID_COUNT_INVALID', `expected a non-negative integer count, received ${String(n)}`, { received: n });
    }
    this.count = n;
  }

  /** Set the count from the ids this strategy already has (the max of their counts). */
  setCountFromIds(ids: Iterable<string>): void {
    this.count = maxIdCount(ids, this.prefix, this.traderTagValue, this.strategyTagValue);
  }

  generate(): string {
    this.count += 1;
    return `${this.prefix}-${formatIdTimestamp(this.clock.timestampNs())}-${this.traderTagValue}-${this.strategyTagValue}-${this.count}`;
  }
}

/** `O-{YYYYMMDD}-{HHMMSS}-{traderTag}-{strategyTag}-{n}`, n from 1 per strategy. */
export class ClientOrderIdGenerator extends CountingIdGenerator {
  constructor(traderId: string, strategyId: string, clock: Clock) {
    super('O', traderId, strategyId, clock);
  }
}

/** `OL-{YYYYMMDD}-{HHMMSS}-{traderTag}-{strategyTag}-{n}`, its own count. */
export class OrderListIdGenerator extends CountingIdGenerator {
  constructor(traderId: string, strategyId: string, clock: Clock) {
    super('OL', traderId, strategyId, clock);
  }
}

/**
 * HEDGING position ids `P-{YYYYMMDD}-{HHMMSS}-{traderTag}-{strategyTag}-{n}`, one count per strategy
 * (one generator per trader serves all strategies). The flip of a position is `flipPositionId(id)`.
 */
export class PositionIdGenerator {
  private readonly byStrategy = new Map<string, CountingIdGenerator>();

  constructor(
    private readonly traderId: string,
    private readonly clock: Clock,
  ) {}

  private of(strategyId: string): CountingIdGenerator {
    let g = this.byStrategy.get(strategyId);
    if (!g) {
      g = new CountingIdGenerator('P', this.traderId, strategyId, this.clock);
      this.byStrategy.set(strategyId, g);
    }
    return g;
  }

  generate(strategyId: string): string {
    return this.of(strategyId).generate();
  }
  count(strategyId: string): number {
    return this.of(strategyId).currentCount;
  }
  setCount(strategyId: string, n: number): void {
    this.of(strategyId).setCount(n);
  }
  setCountFromIds(strategyId: string, ids: Iterable<string>): void {
    this.of(strategyId).setCountFromIds(ids);
  }
}

/** The position opened by a HEDGING flip of `positionId`: `P-...-1` → `P-...-1F`. */
export function flipPositionId(positionId: string): string {
  return `${positionId}F`;
}

/** NETTING: one position per (instrument, strategy). */
export function nettingPositionId(instrumentId: string, strategyId: string): string {
  // Built once per pair: the engine asks on every fill, and a fresh concatenation is a new string that
  // the cache's Map must flatten and hash again.
  let byStrategy = NETTING_IDS.get(instrumentId);
  if (byStrategy === undefined) {
    byStrategy = new Map();
    if (NETTING_IDS.size < 10_000) NETTING_IDS.set(instrumentId, byStrategy);
  }
  let id = byStrategy.get(strategyId);
  if (id === undefined) {
    id = `${instrumentId}-${strategyId}`;
    if (byStrategy.size < 10_000) byStrategy.set(strategyId, id);
  }
  return id;
}

const NETTING_IDS = new Map<string, Map<string, string>>();

/**
 * Client order id of an order found at a venue that no local order matches (**choice**, §2):
 * `V-{venue}-{venueOrderId}`. Deterministic, so a restart or a second reconciliation gives the same id;
 * the venue is included because two venues can reuse the same venue order id.
 */
export function externalClientOrderId(venue: string, venueOrderId: string): string {
  return `V-${venue}-${venueOrderId}`;
}

/**
 * A deterministic id for a synthetic object made by reconciliation: `{prefix}-{16 hex}` of the sha256
 * of its defining parts, so reconciling the same venue state twice makes the same ids (no duplicates).
 */
export function syntheticId(prefix: string, ...parts: ReadonlyArray<string | number | bigint | undefined>): string {
  const h = createHash('sha256');
  // A separator that cannot occur in ids keeps ('a','bc') and ('ab','c') apart.
  h.update(parts.map((p) => (p === undefined ? '' : String(p))).join('\u001f'));
  return `${prefix}-${h.digest('hex').slice(0, 16)}`;
}

const UUID_POOL_BYTES = 16 * 256;
const uuidPool = Buffer.alloc(UUID_POOL_BYTES);
let uuidOffset = UUID_POOL_BYTES;
/** xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx: the dashes stay, the hex digits are overwritten per id. */
const uuidText = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');
const UUID_HEX_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * A fresh unique event id (UUID v4, random bits from the crypto generator).
 *
 * Why not `crypto.randomUUID()`: node 20 builds its text by concatenating 20 pieces, so each id is a tree
 * of cons strings (~450 bytes) that every stored event keeps alive, and the engine makes several ids per
 * order. Here the 36 ASCII bytes are written into a buffer and read back as one flat string (~52 bytes).
 */
export function newEventId(): string {
  if (uuidOffset === UUID_POOL_BYTES) {
    randomFillSync(uuidPool);
    uuidOffset = 0;
  }
  const pool = uuidPool;
  const text = uuidText;
  for (let i = 0; i < 16; i++) {
    let b = pool[uuidOffset + i]!;
    if (i === 6) b = (b & 0x0f) | 0x40; // version 4
    else if (i === 8) b = (b & 0x3f) | 0x80; // RFC 4122 variant
    const at = UUID_HEX_AT[i]!;
    text[at] = HEX_DIGITS[b >> 4]!;
    text[at + 1] = HEX_DIGITS[b & 15]!;
  }
  uuidOffset += 16;
  return text.toString('latin1', 0, 36);
}

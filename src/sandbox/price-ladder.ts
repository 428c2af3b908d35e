import type { Price } from '../engine/core/decimal.js';
import type { VenueOrder } from './venue-order.js';

/** One price with its orders in time priority (ascending `seq`, not arrival: a triggered stop keeps its place). */
export interface Level {
  readonly px: Price;
  readonly orders: VenueOrder[];
}

/** First index in `xs` (sorted so that `below` holds for a prefix) where `below` stops holding: binary search. */
function lowerBound<T>(xs: readonly T[], below: (x: T) => boolean): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below(xs[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Orders kept by one price each (a limit's price, or a stop's trigger): levels in ascending price, each a
 * queue in time priority. Adding and removing find the level and the place in it by binary search, and an
 * index by order says which level an order is on (its price may have been modified since), so neither
 * scans the book. Readers walk levels from either end and stop where prices stop mattering.
 */
export class PriceLadder {
  readonly levels: Level[] = [];
  private readonly levelOf = new Map<VenueOrder, Level>();

  get size(): number {
    return this.levelOf.size;
  }

  has(o: VenueOrder): boolean {
    return this.levelOf.has(o);
  }

  add(o: VenueOrder, px: Price): void {
    if (this.levelOf.has(o)) return;
    const i = lowerBound(this.levels, (l) => l.px.lt(px));
    let level = this.levels[i];
    if (level === undefined || !level.px.eq(px)) this.levels.splice(i, 0, (level = { px, orders: [] }));
    const q = level.orders;
    // Nearly always the newest: append; a triggered stop or an older seeded order goes to its place.
    if (q.length === 0 || q[q.length - 1]!.seq < o.seq) q.push(o);
    else q.splice(lowerBound(q, (x) => x.seq < o.seq), 0, o);
    this.levelOf.set(o, level);
  }

  remove(o: VenueOrder): void {
    const level = this.levelOf.get(o);
    if (level === undefined) return;
    this.levelOf.delete(o);
    const q = level.orders;
    const at = q[0] === o ? 0 : lowerBound(q, (x) => x.seq < o.seq);
    if (q[at] === o) q.splice(at, 1);
    if (q.length === 0) this.levels.splice(lowerBound(this.levels, (l) => l.px.lt(level.px)), 1);
  }

  /** Index of the first level at or above `px`. */
  indexAtOrAbove(px: Price): number {
    return lowerBound(this.levels, (l) => l.px.lt(px));
  }

  /** Index of the first level strictly above `px`. */
  indexAbove(px: Price): number {
    return lowerBound(this.levels, (l) => l.px.lte(px));
  }
}

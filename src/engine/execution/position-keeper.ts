import type { Clock } from '../core/clock.js';
import { EngineError } from '../core/errors.js';
import type { Cache } from '../cache/cache.js';
import type { OrderFilled } from '../model/events.js';
import { positionEvent } from '../model/event-factory.js';
import { flipPositionId, nettingPositionId, type PositionIdGenerator } from '../model/identifiers.js';
import type { Instrument } from '../model/instruments.js';
import type { Order } from '../model/order.js';
import { Position, splitFillForFlip } from '../model/position.js';
import type { AppliedPositionChange } from './applied.js';

export type PositionDecision =
  | { readonly kind: 'position'; readonly positionId: string }
  /** A reduce-only fill under NETTING with no open position: the order fills, no position opens. */
  | { readonly kind: 'none'; readonly reason: string };

/**
 * The OMS rules for positions (live-execution.md §3): which position a fill goes to, and applying it
 * (NETTING flips in place and reopens; HEDGING splits a flip into a close and an `...F` open).
 */
export class PositionKeeper {
  constructor(
    private readonly cache: Cache,
    private readonly positionIds: PositionIdGenerator,
    private readonly clock: Clock,
  ) {}

  /** Decide the position id of a fill before it is applied to the order. */
  decide(order: Order, fill: OrderFilled, oms: 'NETTING' | 'HEDGING'): PositionDecision {
    if (oms === 'NETTING') {
      const positionId = nettingPositionId(order.instrumentId, order.strategyId);
      if (order.reduceOnly && !this.cache.position(positionId)?.isOpen) {
        return { kind: 'none', reason: `reduce-only fill ${fill.tradeId} with no open position ${positionId}: no position opened` };
      }
      return { kind: 'position', positionId };
    }
    // HEDGING: a venue-assigned or requested id is kept; otherwise every entry opens a new position.
    const positionId = fill.positionId ?? order.positionId ?? this.positionIds.generate(order.strategyId);
    return { kind: 'position', positionId };
  }

  /**
   * Throws what `apply` would refuse (another instrument, a trade id the position already holds) before
   * the order is changed, so that a fill changes its order and its position together or neither.
   */
  assertFits(instrument: Instrument, fill: OrderFilled, positionId: string): void {
    if (fill.instrumentId !== instrument.id) {
      throw new EngineError('POSITION_FILL_MISMATCH', `expected a fill for ${instrument.id}, received one for ${fill.instrumentId}`, {
        positionId, instrumentId: instrument.id, received: fill.instrumentId,
      });
    }
    const existing = this.cache.position(positionId);
    if (existing !== undefined && existing.hasTradeId(fill.tradeId)) {
      throw new EngineError('POSITION_DUPLICATE_TRADE_ID', `expected a new trade id for position ${positionId}, received ${fill.tradeId} again`, {
        positionId, tradeId: fill.tradeId,
      });
    }
  }

  /**
   * Apply an (already order-applied) fill to its position; returns each position changed, with its event
   * to publish and the fill it took (a HEDGING flip: the closing part, then the opening part).
   */
  apply(instrument: Instrument, fill: OrderFilled, positionId: string, oms: 'NETTING' | 'HEDGING'): AppliedPositionChange[] {
    const now = this.clock.timestampNs();
    const existing = this.cache.position(positionId);
    if (!existing) {
      const opened = Position.open(instrument, fill, positionId);
      this.cache.addPosition(opened);
      return [{ event: positionEvent(opened, fill.tsEvent, { tsInit: now }), fill }];
    }
    if (oms === 'HEDGING' && this.crossesZero(existing, fill)) {
      const openId = flipPositionId(positionId);
      const [closing, opening] = splitFillForFlip(fill, existing.quantity, { closePositionId: positionId, openPositionId: openId });
      existing.apply(closing);
      this.cache.updatePosition(existing);
      const closed = { event: positionEvent(existing, fill.tsEvent, { tsInit: now }), fill: closing };
      return [closed, ...this.apply(instrument, opening, openId, 'HEDGING')];
    }
    existing.apply(fill);
    this.cache.updatePosition(existing);
    return [{ event: positionEvent(existing, fill.tsEvent, { tsInit: now }), fill }];
  }

  private crossesZero(position: Position, fill: OrderFilled): boolean {
    if (!position.isOpen) return false;
    const reduces = (position.side === 'LONG') === (fill.side === 'SELL');
    return reduces && fill.lastQty.gt(position.quantity);
  }
}

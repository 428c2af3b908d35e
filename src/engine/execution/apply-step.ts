import { EngineError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Cache } from '../cache/cache.js';
import { copyFields } from '../model/copy-fields.js';
import type { OrderEvent, OrderFilled } from '../model/events.js';
import type { Instrument } from '../model/instruments.js';
import { Order } from '../model/order.js';
import { NONE, type Applied } from './applied.js';
import { linkOtoChildren, sameFill } from './fill-rules.js';
import type { PositionKeeper } from './position-keeper.js';
import { warnIfRestored } from './restoration.js';

export interface ApplyStepDeps {
  readonly cache: Cache;
  readonly instruments: { find(instrumentId: string): Instrument | undefined };
  readonly log: Logger;
  readonly positions: PositionKeeper;
  omsTypeFor(strategyId: string, instrumentId: string): 'NETTING' | 'HEDGING';
  /** Read at each fill: the live config may change it. */
  allowOverfills(): boolean;
}

/**
 * The execution engine's apply step: the only code that changes orders (and, through their fills,
 * positions). It throws what it refuses (the engine logs or rethrows) and returns what changed, for the
 * engine to publish; it publishes nothing itself.
 */
export class ApplyStep {
  constructor(private readonly d: ApplyStepDeps) {}

  /** The apply step: change the order (and its position), update the cache, and say what changed. */
  apply(event: OrderEvent, known?: Order): Applied | null {
    const cache = this.d.cache;
    if (event.type === 'OrderInitialized') {
      if (cache.hasOrder(event.clientOrderId)) {
        throw new EngineError('ORDER_EXISTS', `expected a new client order id, received '${event.clientOrderId}' (already cached)`, {
          clientOrderId: event.clientOrderId,
        });
      }
      const order = Order.create(event);
      cache.addOrder(order);
      return this.applied(event, order);
    }
    const order = known ?? cache.order(event.clientOrderId);
    if (!order) {
      // A denial of an order that could not even be built (e.g. quantity 0) still reaches its strategy.
      if (event.type === 'OrderDenied') return { event, init: undefined, orderList: undefined, positionId: undefined, linkedChildren: NONE, positions: NONE };
      throw new EngineError('ORDER_UNKNOWN', `expected a cached order for ${event.type}, received '${event.clientOrderId}'`, {
        clientOrderId: event.clientOrderId, event: event.type,
      });
    }
    const localClose = order.localClose;
    const statusBefore = order.status;
    let applied: Applied | null;
    if (event.type === 'OrderFilled') {
      applied = this.applyFill(order, event);
    } else {
      order.apply(event);
      cache.updateOrder(order);
      applied = this.applied(event, order);
    }
    if (localClose !== undefined) warnIfRestored(this.d.log, order, localClose, event, statusBefore);
    return applied;
  }

  private applyFill(order: Order, fill: OrderFilled): Applied | null {
    const known = order.fill(fill.tradeId);
    if (known) {
      if (!sameFill(known, fill)) {
        this.d.log.warn(`fill ${fill.tradeId} of ${order.clientOrderId} repeats a trade id with other data: the cached fill wins`, {
          code: 'FILL_DUPLICATE_TRADE_ID', clientOrderId: order.clientOrderId, tradeId: fill.tradeId,
          cached: { lastQty: known.lastQty.toString(), lastPx: known.lastPx.toString() },
          received: { lastQty: fill.lastQty.toString(), lastPx: fill.lastPx.toString() },
        });
      }
      return null; // same data: a replay, dropped silently
    }
    const instrument = this.d.instruments.find(order.instrumentId);
    if (!instrument) {
      throw new EngineError('INSTRUMENT_UNKNOWN', `expected a known instrument for fill ${fill.tradeId}, received '${order.instrumentId}'`, {
        instrumentId: order.instrumentId, tradeId: fill.tradeId,
      });
    }
    const oms = this.d.omsTypeFor(order.strategyId, order.instrumentId);
    const decision = this.d.positions.decide(order, fill, oms);
    const applied: OrderFilled = decision.kind === 'position' ? withPositionId(fill, decision.positionId) : fill;
    // Order and position change together or not at all: what the position would refuse is refused first.
    if (decision.kind === 'position') this.d.positions.assertFits(instrument, applied, decision.positionId);
    order.apply(applied, { allowOverfills: this.d.allowOverfills() });
    this.d.cache.updateOrder(order);
    if (decision.kind !== 'position') {
      this.d.log.info(decision.reason, { clientOrderId: order.clientOrderId, tradeId: fill.tradeId });
      return this.applied(applied, order);
    }
    const positions = this.d.positions.apply(instrument, applied, decision.positionId, oms);
    const linkedChildren = linkOtoChildren(this.d.cache, order, decision.positionId);
    return this.applied(applied, order, positions, linkedChildren);
  }

  private applied(event: OrderEvent, order: Order, positions: Applied['positions'] = NONE, linkedChildren: Applied['linkedChildren'] = NONE): Applied {
    const orderList = order.orderListId === undefined ? undefined : this.d.cache.orderList(order.orderListId);
    return { event, init: order.init, orderList, positionId: order.positionId, linkedChildren, positions };
  }
}

/** `{ ...fill, positionId }` without the spread's per-object hidden class (see copyFields). */
function withPositionId(fill: OrderFilled, positionId: string): OrderFilled {
  const out = copyFields(fill) as { -readonly [K in keyof OrderFilled]: OrderFilled[K] };
  out.positionId = positionId;
  return out;
}

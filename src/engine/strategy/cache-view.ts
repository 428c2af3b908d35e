import type { StrategyCacheView } from './context.js';

/**
 * What a strategy may read of the node's cache, as a frozen object of reader functions: the writers
 * (`addOrder`, `updatePosition`, …) are not there at runtime, so a strategy (or a notebook cell poking
 * at `strategy.cache as any`) cannot change order or position state behind the execution engine's back.
 */
export function cacheView(source: StrategyCacheView): StrategyCacheView {
  return Object.freeze({
    order: (clientOrderId: string) => source.order(clientOrderId),
    orders: (query?: Parameters<StrategyCacheView['orders']>[0]) => source.orders(query),
    position: (positionId: string) => source.position(positionId),
    positions: (query?: Parameters<StrategyCacheView['positions']>[0]) => source.positions(query),
    orderList: (orderListId: string) => source.orderList(orderListId),
    quote: (instrumentId: string) => source.quote(instrumentId),
  });
}

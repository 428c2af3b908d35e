/**
 * `strategy-order` over the control protocol: a cell's orders for a strategy that runs in the node (the
 * session's node in its own process, or an attached one). The cell describes the order (which factory
 * method, with which arguments); the node's strategy builds it with its own factory (its ids, its
 * validation) and submits, cancels or modifies it exactly as strategy code in the node would. So an order
 * made in a cell is the strategy's order, with the risk checks, in-flight checks and contingencies of any.
 */
import { z } from 'zod';
import { EngineError, type Order, type Strategy, type TradingNode } from '../../engine/index.js';

const id = z.string().min(1).max(64);
const strategyId = z.string().min(1).max(128);
const clientOrderId = z.string().min(1).max(128);
/** The factory's own argument objects; the factory validates them (ORDER_ARGS_INVALID) on the node. */
const args = z.record(z.string(), z.unknown());

export const ORDER_FACTORY_METHODS = ['market', 'limit', 'stopMarket', 'stopLimit', 'marketIfTouched', 'limitIfTouched'] as const;
export type OrderFactoryMethod = (typeof ORDER_FACTORY_METHODS)[number];

const positionId = z.string().min(1).max(128).optional();

export const StrategyOrderFrameSchema = z.discriminatedUnion('action', [
  z.object({ type: z.literal('strategy-order'), id, strategyId, action: z.literal('submit'), factory: z.enum(ORDER_FACTORY_METHODS), args, positionId }).strict(),
  z.object({ type: z.literal('strategy-order'), id, strategyId, action: z.literal('submit-bracket'), args, positionId }).strict(),
  z.object({ type: z.literal('strategy-order'), id, strategyId, action: z.literal('cancel'), clientOrderId }).strict(),
  z.object({ type: z.literal('strategy-order'), id, strategyId, action: z.literal('modify'), clientOrderId, changes: args }).strict(),
  z.object({ type: z.literal('strategy-order'), id, strategyId, action: z.literal('cancel-all'), instrumentId: z.string().min(1).optional() }).strict(),
  z.object({ type: z.literal('strategy-order'), id, strategyId, action: z.literal('close-all'), instrumentId: z.string().min(1).optional() }).strict(),
  /** `node.removeStrategy(s, { cancelOrders })`: refused while it has open orders unless cancelOrders. */
  z.object({ type: z.literal('strategy-order'), id, strategyId, action: z.literal('remove'), cancelOrders: z.boolean() }).strict(),
]);

export type StrategyOrderFrame = z.infer<typeof StrategyOrderFrameSchema>;

/** What the node answers: the ids of the orders it made, or whether a cancel / modify was sent. */
export interface StrategyOrderResult {
  readonly clientOrderIds?: readonly string[];
  readonly orderListId?: string;
  readonly sent?: boolean;
}

export async function runStrategyOrder(node: TradingNode, frame: StrategyOrderFrame): Promise<StrategyOrderResult> {
  const strategy = node.strategies.find((s) => s.id === frame.strategyId);
  if (!strategy) {
    throw new EngineError('STRATEGY_UNKNOWN', `strategy-order: expected a strategy id on the node (${node.strategies.map((s) => s.id).join(', ') || 'none'}), received '${frame.strategyId}'`, { strategyId: frame.strategyId });
  }
  switch (frame.action) {
    case 'submit': {
      const where = frame.positionId === undefined ? {} : { positionId: frame.positionId };
      const make = strategy.orderFactory[frame.factory] as (a: unknown) => Order;
      const order = make.call(strategy.orderFactory, frame.args);
      strategy.submitOrder(order, where);
      return { clientOrderIds: [order.clientOrderId] };
    }
    case 'submit-bracket': {
      const where = frame.positionId === undefined ? {} : { positionId: frame.positionId };
      const list = strategy.orderFactory.bracket(frame.args as unknown as Parameters<Strategy['orderFactory']['bracket']>[0]);
      strategy.submitOrderList(list, where);
      return { clientOrderIds: list.orders.map((o) => o.clientOrderId), orderListId: list.id };
    }
    case 'cancel':
      return { sent: strategy.cancelOrder(ownOrder(node, strategy, frame.clientOrderId)) };
    case 'modify':
      return { sent: strategy.modifyOrder(ownOrder(node, strategy, frame.clientOrderId), frame.changes) };
    case 'cancel-all':
      strategy.cancelAllOrders(frame.instrumentId);
      return { sent: true };
    case 'close-all':
      strategy.closeAllPositions(frame.instrumentId);
      return { sent: true };
    case 'remove':
      await node.removeStrategy(strategy, { cancelOrders: frame.cancelOrders });
      return { sent: true };
  }
}

function ownOrder(node: TradingNode, strategy: Strategy<unknown>, clientOrderId: string): Order {
  const order = node.cache.order(clientOrderId);
  if (!order) throw new EngineError('ORDER_UNKNOWN', `strategy-order: expected a client order id the node holds, received '${clientOrderId}'`, { clientOrderId });
  if (order.strategyId !== strategy.id) {
    throw new EngineError('ORDER_NOT_OWNED', `strategy-order: expected an order of ${strategy.id}, received ${clientOrderId} of ${order.strategyId}`, { clientOrderId, strategyId: strategy.id });
  }
  return order;
}

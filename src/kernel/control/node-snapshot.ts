/**
 * What the control endpoint sends of a node: plain data (orders and positions as `kind`-tagged records the
 * display layer renders, decimals as exact strings), so the attached side's views read it like the real thing.
 */
import type { Order, Position, TradingNode } from '../../engine/index.js';
import { tradingStateOf } from './trading-state-commands.js';
import { riskUsage } from '../session/risk-usage.js';

export interface ControlCounters {
  /** Logins and frames refused (bad or missing signature, replay, unknown key, command before login). */
  readonly refused: number;
  readonly connections: number;
}

export function orderRecord(o: Order): Record<string, unknown> {
  return {
    kind: 'Order', clientOrderId: o.clientOrderId, venueOrderId: o.venueOrderId ?? null, strategyId: o.strategyId, instrumentId: o.instrumentId,
    side: o.side, type: o.type, quantity: o.quantity, filledQty: o.filledQty, leavesQty: o.leavesQty, avgPx: o.avgPx ?? null,
    price: o.price ?? null, triggerPrice: o.triggerPrice ?? null, timeInForce: o.timeInForce, expireTime: o.expireTime ?? null,
    status: o.status, tags: o.tags, contingencyType: o.contingencyType ?? null, orderListId: o.orderListId ?? null,
    linkedOrderIds: o.linkedOrderIds, parentOrderId: o.parentOrderId ?? null, positionId: o.positionId ?? null,
    isOpen: o.isOpen, isClosed: o.isClosed, isInflight: o.isInflight, tsInit: o.tsInit,
    // Its events as data (a chart marks each fill at its own price; the order view counts them), as a local order has them.
    events: o.events,
  };
}

export function positionRecord(p: Position): Record<string, unknown> {
  return {
    kind: 'Position', id: p.id, instrumentId: p.instrumentId, strategyId: p.strategyId, side: p.side, quantity: p.quantity,
    signedQty: p.signedQty, avgPxOpen: p.avgPxOpen, realizedPnl: p.realizedPnl, isOpen: p.isOpen,
  };
}

type Keyed = { readonly config: unknown; readonly liveConfig?: { readonly keys: readonly unknown[] } };
const configOf = (c: Keyed) => ({ config: c.config, keys: c.liveConfig?.keys ?? [] });

/** Every live config the node has, with the keys each accepts (what `.config` shows). */
export function configsOf(node: TradingNode): Record<string, unknown> {
  return {
    execEngine: configOf(node.execEngine),
    riskEngine: configOf(node.riskEngine),
    strategies: node.strategies.map((s) => ({ id: s.id, className: s.constructor.name, state: s.state, ...configOf(s) })),
  };
}

export function nodeSnapshot(node: TradingNode, counters: ControlCounters): Record<string, unknown> {
  return {
    traderId: node.traderId,
    state: node.state,
    tradingState: tradingStateOf(node),
    orders: node.cache.orders().map(orderRecord),
    positions: node.cache.positions().map(positionRecord),
    configs: configsOf(node),
    configChanges: node.configChanges,
    portfolio: node.portfolio.summary(),
    accounts: node.cache.accounts(),
    risk: riskUsage(node),
    lastReconciliation: node.lastReconciliation ?? null,
    venues: node.venues,
    control: counters,
  };
}

import type { TradingCommand } from '../../model/commands.js';
import type { Order } from '../../model/order.js';

/**
 * Commands that have gone stale while queued. A cancel or modify is decided against the order as it was
 * when the command was made; by the time the command queue routes it the order may have closed (the
 * venue filled it, an OUO sibling's fill cancelled it) or already be PENDING_CANCEL (a shutdown cancel
 * and a contingency cancel of the same order). Routing it would refuse a state transition and ask the
 * venue about an order it no longer works, so it is dropped before routing, with a warning.
 */
export interface StaleCommand {
  readonly clientOrderId: string;
  readonly status: string;
  readonly reason: string;
}

export function staleCommand(command: TradingCommand, order: (clientOrderId: string) => Order | undefined): StaleCommand | undefined {
  if (command.type !== 'CancelOrder' && command.type !== 'ModifyOrder') return undefined;
  // An unknown order is not stale: the engine refuses it with ORDER_UNKNOWN (a real error).
  const o = order(command.clientOrderId);
  if (o === undefined) return undefined;
  if (o.isClosed) return { clientOrderId: o.clientOrderId, status: o.status, reason: 'the order is closed' };
  if (command.type === 'CancelOrder' && o.status === 'PENDING_CANCEL') {
    return { clientOrderId: o.clientOrderId, status: o.status, reason: 'a cancel of the order is already pending' };
  }
  return undefined;
}

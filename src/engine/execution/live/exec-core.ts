import type { TradingCommand } from '../../model/commands.js';
import type { OrderEvent, OrderInitialized } from '../../model/events.js';
import type { Order } from '../../model/order.js';
import type { VenueOrderEvent } from '../client.js';

/**
 * What the live engine needs from the (non-live) execution engine underneath it: route a command to
 * its venue client, process a venue event (complete it from the cache, `order.apply`, positions,
 * publish), and the un-queued direct path reconciliation applies its plan on.
 */
export interface ExecEngineCore {
  execute(command: TradingCommand): void;
  process(event: VenueOrderEvent): void;
  addOrder(order: Order): void;
  applyEvent(event: Exclude<OrderEvent, OrderInitialized>): void;
}

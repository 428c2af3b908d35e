import type { TradingCommand } from '../../model/commands.js';
import type { OrderEvent } from '../../model/events.js';
import type { Order } from '../../model/order.js';
import type { EngineError } from '../../core/errors.js';
import type { ExecutionClient, VenueOrderEvent } from '../client.js';
import type { VenueEventCheckContext } from '../venue-event-check.js';

/**
 * What the live engine needs from the (non-live) `ExecutionEngine` underneath it, which satisfies it:
 * route a command to its venue client, process a venue event (complete it from the cache,
 * `order.apply`, positions, publish), and the strict, un-queued direct path reconciliation applies
 * its plan on.
 */
export interface ExecEngineCore {
  /** A promise: a submit held by the write-ahead gate, settled once its orders left or were rejected. */
  execute(command: TradingCommand): void | Promise<void>;
  processVenueEvent(event: VenueOrderEvent): void;
  process(event: OrderEvent): void;
  addOrder(order: Order): void;
  applyEvent(event: OrderEvent): void;
  /** Route commands for the client's venue to it (installs no sink: the live engine owns the client's one sink). */
  registerClient(client: ExecutionClient): void;
  client(venue: string): ExecutionClient | undefined;
  allowOverfills?: boolean;
  /** Check context and refusal of a venue message that contradicts its order (see venue-event-check.ts). */
  venueCheckContext?(order: Order, venueOrderId: string | undefined): VenueEventCheckContext;
  refuseVenueMessage?(order: Order, error: EngineError, options: { readonly query: boolean }): void;
}

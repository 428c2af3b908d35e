import type { RateLimitedWarn } from '../core/logger.js';
import type { TradingCommand } from '../model/commands.js';
import type { OrderInitialized } from '../model/events.js';
import type { JournalSafeState } from './journal-safe-state.js';
import type { NodeState } from './node-state.js';

export interface NewOrderGateDeps {
  state(): NodeState;
  readonly journal: Pick<JournalSafeState, 'failure'>;
  /** Where an allowed command goes (the risk engine). */
  forward(command: TradingCommand): void;
  /** Deny an order that may not go out (OrderDenied with the reason). */
  deny(init: OrderInitialized, reason: string): void;
  readonly warn: RateLimitedWarn;
}

/**
 * One decision for a strategy's command: new orders are denied while the node is stopping (except the
 * flatten policy's closing orders) or while the journal cannot write; cancels and modifies always go on.
 */
export class NewOrderGate {
  /** Set while the flatten policy closes positions: the only new orders a STOPPING node lets through. */
  private closingForShutdown = false;

  constructor(private readonly d: NewOrderGateDeps) {}

  execute(command: TradingCommand): void {
    const refusal = this.refusal(command);
    if (refusal === undefined) return this.d.forward(command);
    const inits = command.type === 'SubmitOrder' ? [command.order] : command.type === 'SubmitOrderList' ? command.orders : [];
    for (const init of inits) this.d.deny(init, refusal);
    if (refusal.startsWith('JOURNAL_UNWRITABLE')) {
      this.d.warn('journal-denied', 'order denied: the journal cannot write (safe state)', { code: 'JOURNAL_UNWRITABLE', strategyId: command.strategyId, orders: inits.length });
    }
  }

  /** Run the flatten policy's close of one position: its closing order is let through a stopping node. */
  closing<T>(close: () => T): T {
    this.closingForShutdown = true;
    try {
      return close();
    } finally {
      this.closingForShutdown = false;
    }
  }

  /** Why a new order may not go out now (undefined: it may; cancels and modifies always may). */
  private refusal(command: TradingCommand): string | undefined {
    if (command.type !== 'SubmitOrder' && command.type !== 'SubmitOrderList') return undefined;
    // A strategy still reacting while the shutdown policy cancels must not open what the sweep missed.
    if (this.d.state() === 'STOPPING' && !this.closingForShutdown) return 'NODE_STOPPING: expected a running node for a new order, received one that is stopping';
    const failure = this.d.journal.failure;
    return failure ? `JOURNAL_UNWRITABLE: expected a journal that can write before a new order, received ${failure.message}` : undefined;
  }
}

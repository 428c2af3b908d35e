import type { TradingCommand } from '../../model/commands.js';

/** The key a parked cancel-all holds: every later command waits for it, as it would in the queue. */
const ALL = '*';

/**
 * Commands held behind a submit that waits for its store's acknowledgement (the Redis write-ahead): for
 * each client order id, when the last command for it settles. A later command for a held order chains on
 * it, so commands for one order keep their order; commands for other orders go on at once (only the
 * order waiting for Redis waits). The journal's gate answers synchronously, so nothing is ever held there
 * and `run` costs one size check.
 */
export class HeldCommands {
  private readonly held = new Map<string, Promise<void>>();

  constructor(private readonly onError: (error: unknown, command: TradingCommand) => void) {}

  get size(): number {
    return this.held.size;
  }

  /** Whether a command for this order waits (the checks leave such an order alone). */
  holds(clientOrderId: string): boolean {
    return this.held.has(clientOrderId);
  }

  /** Resolves once everything held now has settled. */
  async settled(): Promise<void> {
    await Promise.all(this.held.values());
  }

  /**
   * Run `dispatch` for the command now, or after the held commands of its orders (a cancel-all: after
   * every held one). A promise from `dispatch` (a submit held by the gate) holds the command's orders.
   */
  run(command: TradingCommand, dispatch: (command: TradingCommand) => void | Promise<void>): void {
    const before = this.held.size > 0 ? this.before(command) : undefined;
    const result = before === undefined ? dispatch(command) : before.then(() => dispatch(command));
    if (result !== undefined) this.hold(command, result);
  }

  private before(command: TradingCommand): Promise<unknown> | undefined {
    const waits = command.type === 'CancelAllOrders' ? [...this.held.values()] : orderIdsOf(command).map((id) => this.held.get(id));
    const all = this.held.get(ALL);
    if (all !== undefined) waits.push(all);
    const found = [...new Set(waits.filter((p): p is Promise<void> => p !== undefined))];
    return found.length === 0 ? undefined : found.length === 1 ? found[0] : Promise.all(found);
  }

  private hold(command: TradingCommand, result: Promise<void>): void {
    const settled = result.catch((error: unknown) => this.onError(error, command));
    const keys = command.type === 'CancelAllOrders' ? [ALL] : orderIdsOf(command);
    for (const k of keys) this.held.set(k, settled);
    void settled.then(() => {
      for (const k of keys) if (this.held.get(k) === settled) this.held.delete(k);
    });
  }
}

/** The client order ids a command is about (none for a cancel-all). */
function orderIdsOf(command: TradingCommand): string[] {
  switch (command.type) {
    case 'SubmitOrder':
      return [command.order.clientOrderId];
    case 'SubmitOrderList':
      return command.orders.map((o) => o.clientOrderId);
    case 'CancelAllOrders':
      return [];
    default:
      return [command.clientOrderId];
  }
}

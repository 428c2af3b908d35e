/**
 * A strategy that runs in the node (the session's node process, or a node reached by `attach`), as a cell
 * holds it: what `await node.addStrategy(...)` answers and what `node.strategies` lists. It reads from the
 * mirror (state, config, orders) and sends its commands to the node, so the cell API of a local strategy
 * keeps working: `s.orderFactory.limit({...})` makes a `CellOrder`, `s.submitOrder(order)` has the node's
 * strategy build it with its own factory (its ids, its checks) and submit it, and the `CellOrder` then
 * reads the order's live state from the mirror (`status`, `isInflight`, `filledQty`, ...). Commands answer
 * with promises; a command left unawaited that fails is said on the session's notice line, not lost.
 */
import { inspect } from 'node:util';
import { EngineError, type ConfigChange, type ConfigKeyInfo } from '../../engine/index.js';
import { CommandAnswer } from './command-answer.js';
import type { OrderFactoryMethod, StrategyOrderFrame, StrategyOrderResult } from './strategy-orders.js';

type OrderRecord = Readonly<Record<string, unknown>>;
type StrategyOrderBody = StrategyOrderFrame extends infer F ? (F extends unknown ? Omit<F, 'id' | 'type' | 'strategyId'> : never) : never;

/** What a RemoteStrategy needs from the attach that made it. */
export interface RemoteStrategyLink {
  orderCommand(strategyId: string, body: StrategyOrderBody): Promise<StrategyOrderResult>;
  configure(strategyId: string, partial: Record<string, unknown>): Promise<ConfigChange>;
  entry(strategyId: string): { className: string; state: string; config: Record<string, unknown>; keys: ConfigKeyInfo[] } | undefined;
  order(clientOrderId: string): OrderRecord | undefined;
  /** Where a failure of a command nobody awaited is said. */
  unawaited(what: string, error: unknown): void;
}

/** The fields a CellOrder reads from the mirror once the node has made the order. */
const MIRRORED = [
  'venueOrderId', 'strategyId', 'instrumentId', 'side', 'type', 'quantity', 'filledQty', 'leavesQty', 'avgPx', 'price',
  'triggerPrice', 'timeInForce', 'expireTime', 'status', 'tags', 'contingencyType', 'orderListId', 'linkedOrderIds',
  'parentOrderId', 'positionId', 'isOpen', 'isClosed', 'isInflight', 'tsInit',
] as const;

/**
 * An order made in a cell for a strategy in the node. Until the node has made it, it holds the factory
 * call (its `status` is INITIALIZED and it has no `clientOrderId`); after, every field is the mirror's.
 */
export class CellOrder {
  clientOrderId: string | undefined;
  constructor(readonly strategy: RemoteStrategy, readonly factory: OrderFactoryMethod | 'bracket-leg', readonly args: Readonly<Record<string, unknown>>) {}

  /** The mirror's record of this order, once the node made it. */
  get record(): OrderRecord | undefined {
    return this.clientOrderId === undefined ? undefined : this.strategy.link.order(this.clientOrderId);
  }
  /** 'Order' once the node made it (the views then show it as one). */
  get kind(): 'Order' | 'CellOrder' {
    return this.clientOrderId === undefined ? 'CellOrder' : 'Order';
  }
  toJSON(): unknown {
    return this.record ?? { kind: 'CellOrder', factory: this.factory, args: this.args };
  }
  [inspect.custom](): string {
    const r = this.record;
    if (!r) return `CellOrder ${this.factory}(${inspect(this.args, { breakLength: Infinity })}) ${this.clientOrderId ?? 'not yet made by the node'}`;
    return `Order ${this.clientOrderId} ${String(r['side'])} ${String(r['quantity'])} ${String(r['instrumentId'])} ${String(r['type'])} ${String(r['status'])}`;
  }
}
export interface CellOrder extends Record<(typeof MIRRORED)[number], unknown> {}
for (const field of MIRRORED) {
  Object.defineProperty(CellOrder.prototype, field, {
    get(this: CellOrder) {
      const r = this.record;
      if (r) return r[field];
      if (field === 'status') return 'INITIALIZED';
      if (field === 'isOpen' || field === 'isClosed' || field === 'isInflight') return false;
      return this.args[field];
    },
  });
}

/** A bracket made in a cell: `[entry, stopLoss, takeProfit]` once the node has made it. */
export class CellOrderList {
  id: string | undefined;
  readonly orders: readonly [CellOrder, CellOrder, CellOrder];
  constructor(readonly strategy: RemoteStrategy, readonly args: Readonly<Record<string, unknown>>) {
    this.orders = [new CellOrder(strategy, 'bracket-leg', args), new CellOrder(strategy, 'bracket-leg', args), new CellOrder(strategy, 'bracket-leg', args)];
  }
}

export class RemoteStrategy {
  readonly kind = 'RemoteStrategy';
  /** The same id under the name `add-strategy` answers with. */
  get strategyId(): string { return this.id; }
  /** Orders made through this handle: `factory(args)` → a CellOrder the node fills in on submit. */
  readonly orderFactory: Record<OrderFactoryMethod, (args: Record<string, unknown>) => CellOrder> & { bracket(args: Record<string, unknown>): CellOrderList };

  constructor(readonly id: string, readonly link: RemoteStrategyLink, readonly file?: string) {
    const make = (factory: OrderFactoryMethod) => (args: Record<string, unknown>) => new CellOrder(this, factory, args);
    this.orderFactory = {
      market: make('market'), limit: make('limit'), stopMarket: make('stopMarket'), stopLimit: make('stopLimit'),
      marketIfTouched: make('marketIfTouched'), limitIfTouched: make('limitIfTouched'),
      bracket: (args) => new CellOrderList(this, args),
    };
  }

  private get entry() {
    const e = this.link.entry(this.id);
    if (!e) throw new EngineError('STRATEGY_UNKNOWN', `expected ${this.id} on the node, received a node without it (removed, or the node restarted without it)`, { strategyId: this.id });
    return e;
  }
  get className(): string { return this.entry.className; }
  get state(): string { return this.entry.state; }
  get config(): Record<string, unknown> { return this.entry.config; }
  /** As on a local strategy: the config's params and OMS type. */
  get params(): unknown { return this.config['params']; }
  get omsType(): unknown { return this.config['omsType']; }
  get liveConfig(): { readonly keys: readonly ConfigKeyInfo[] } { return { keys: this.entry.keys }; }
  configure(partial: Record<string, unknown>): Promise<ConfigChange> { return this.link.configure(this.id, partial); }

  /** The node's strategy builds the order with its factory and submits it; `order` then reads the mirror. */
  submitOrder(order: CellOrder, options: { positionId?: string } = {}): Promise<void> {
    const o = this.own(order, 'submitOrder');
    if (o.factory === 'bracket-leg') throw refused('submitOrder', 'an order from orderFactory.market/limit/... (a bracket leg goes with submitOrderList)', 'a bracket leg');
    if (o.clientOrderId !== undefined) throw refused('submitOrder', 'an order not yet submitted', `${o.clientOrderId}, submitted already`);
    const sent = this.link.orderCommand(this.id, { action: 'submit', factory: o.factory, args: o.args, ...options }).then((r) => { o.clientOrderId = r.clientOrderIds?.[0]; });
    return this.watch(`submitOrder(${o.factory})`, sent);
  }

  submitOrderList(list: CellOrderList, options: { positionId?: string } = {}): Promise<void> {
    if (!(list instanceof CellOrderList) || list.strategy !== this) throw refused('submitOrderList', `a list from ${this.id}.orderFactory.bracket(...)`, describe(list));
    if (list.id !== undefined) throw refused('submitOrderList', 'a list not yet submitted', `${list.id}, submitted already`);
    const sent = this.link.orderCommand(this.id, { action: 'submit-bracket', args: list.args, ...options }).then((r) => {
      list.id = r.orderListId;
      r.clientOrderIds?.forEach((id, i) => { const leg = list.orders[i]; if (leg) leg.clientOrderId = id; });
    });
    return this.watch('submitOrderList(bracket)', sent);
  }

  /** Resolves true when the cancel was sent (false: the order was closed already or a cancel is pending). */
  cancelOrder(order: { readonly clientOrderId?: unknown }): Promise<boolean> {
    const clientOrderId = idOf(order, 'cancelOrder');
    return this.watch(`cancelOrder(${clientOrderId})`, this.link.orderCommand(this.id, { action: 'cancel', clientOrderId }).then((r) => r.sent === true));
  }

  modifyOrder(order: { readonly clientOrderId?: unknown }, changes: { quantity?: unknown; price?: unknown; triggerPrice?: unknown }): Promise<boolean> {
    const clientOrderId = idOf(order, 'modifyOrder');
    return this.watch(`modifyOrder(${clientOrderId})`, this.link.orderCommand(this.id, { action: 'modify', clientOrderId, changes }).then((r) => r.sent === true));
  }

  cancelAllOrders(instrumentId?: string): Promise<void> {
    return this.watch('cancelAllOrders', this.link.orderCommand(this.id, { action: 'cancel-all', ...(instrumentId ? { instrumentId } : {}) }).then(() => undefined));
  }

  closeAllPositions(instrumentId?: string): Promise<void> {
    return this.watch('closeAllPositions', this.link.orderCommand(this.id, { action: 'close-all', ...(instrumentId ? { instrumentId } : {}) }).then(() => undefined));
  }

  [inspect.custom](): string {
    const e = this.link.entry(this.id);
    return e ? `RemoteStrategy ${this.id} (${e.className}, ${e.state})${this.file ? ` from ${this.file}` : ''}, running in the node` : `RemoteStrategy ${this.id} (no longer on the node)`;
  }

  private own(order: unknown, what: string): CellOrder {
    if (!(order instanceof CellOrder) || order.strategy !== this) throw refused(what, `an order from ${this.id}.orderFactory`, describe(order));
    return order;
  }

  /** The answer is the caller's to await; if nobody does, its failure is still said (never an unhandled rejection). */
  private watch<T>(what: string, p: Promise<T>): Promise<T> {
    return new CommandAnswer(p, what === '' ? this.id : `${this.id}.${what}`, this.link.unawaited);
  }

}

function idOf(order: { readonly clientOrderId?: unknown }, what: string): string {
  const id = (order as { clientOrderId?: unknown } | null)?.clientOrderId;
  if (typeof id !== 'string') throw refused(what, 'an order with a clientOrderId (from node.cache.orders(), or a CellOrder the node has made)', describe(order));
  return id;
}

function refused(what: string, expected: string, received: string): EngineError {
  return new EngineError('ORDER_ARGS_INVALID', `${what}: expected ${expected}, received ${received}`, {});
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return typeof value;
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'a plain object';
}

import type { CancelAllOrders, CancelOrder, ModifyOrder, QueryOrder, SubmitOrder, SubmitOrderList } from '../model/commands.js';
import type { OmsType } from '../model/enums.js';
import type { AccountState, OrderEvent, OrderInitialized } from '../model/events.js';
import type { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from '../model/reports.js';
import type { Bar, QuoteTick, TradeTick } from '../model/market-data.js';

/**
 * The boundary between the engine and a venue. An execution client translates commands into venue
 * messages and venue messages into events and reports; it decides nothing (no state machine, no
 * reconciliation). Answers to commands arrive asynchronously through the `ExecutionClientSink`.
 */

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * An order event as a venue adapter can know it: the engine fills in trader, strategy, event id and
 * tsInit from its cache before applying it.
 */
export type VenueOrderEvent = DistributiveOmit<
  Exclude<OrderEvent, OrderInitialized>,
  'traderId' | 'strategyId' | 'eventId' | 'tsInit'
>;

export type ConnectionState = 'DISCONNECTED' | 'CONNECTING' | 'CONNECTED' | 'RECONNECTING' | 'CLOSED';

export interface ExecutionClientSink {
  onOrderEvent(event: VenueOrderEvent): void;
  /** An unsolicited or queried order status (e.g. the answer to QueryOrder). */
  onOrderStatusReport(report: OrderStatusReport): void;
  /** A fill the adapter could not map to a known order event (e.g. an order we do not know yet). */
  onFillReport(report: FillReport): void;
  onPositionStatusReport(report: PositionStatusReport): void;
  /** The venue's account state (pushed on login, after fills, on deposits), translated as is. */
  onAccountState?(state: AccountState): void;
  /** Connection changes; `reconnected: true` when a dropped connection came back (the engine reconciles). */
  onConnectionState(state: ConnectionState, info?: { reconnected?: boolean; reason?: string }): void;
  /** A venue message that could not be understood: logged and counted by the engine. */
  onMalformed?(detail: { reason: string; raw?: string }): void;
  /**
   * Back-pressure (live-execution.md §5): undefined while the engine takes more messages; while its event
   * queue is at capacity, a promise that resolves when there is room. A client that can stop reading its
   * venue (a socket) does so until then, so a burst waits in the network, not in memory.
   */
  whenReady?(): Promise<void> | undefined;
}

export interface ReportQuery {
  readonly instrumentId?: string;
  readonly clientOrderId?: string;
  readonly venueOrderId?: string;
  readonly openOnly?: boolean;
  /** Only reports since this time (ns since epoch). */
  readonly start?: bigint;
}

export interface ExecutionClient {
  readonly clientId: string;
  readonly venue: string;
  readonly accountId: string;
  /** The venue account's OMS type. */
  readonly omsType: OmsType;
  readonly connectionState: ConnectionState;

  setSink(sink: ExecutionClientSink): void;
  connect(): Promise<void>;
  disconnect(): Promise<void>;

  submitOrder(command: SubmitOrder): void;
  submitOrderList(command: SubmitOrderList): void;
  modifyOrder(command: ModifyOrder): void;
  cancelOrder(command: CancelOrder): void;
  cancelAllOrders(command: CancelAllOrders): void;
  /** Ask for one order's status; the answer arrives as `onOrderStatusReport` (or nothing if silent). */
  queryOrder(command: QueryOrder): void;

  generateOrderStatusReport(query: ReportQuery): Promise<OrderStatusReport | null>;
  generateOrderStatusReports(query: ReportQuery): Promise<OrderStatusReport[]>;
  generateFillReports(query: ReportQuery): Promise<FillReport[]>;
  generatePositionStatusReports(query: ReportQuery): Promise<PositionStatusReport[]>;
  /** Orders, fills and positions since `lookbackMins` ago (null/0: everything the venue keeps). */
  generateMassStatus(lookbackMins: number | null): Promise<ExecutionMassStatus>;
  /** The account's state now (query_account); venues without accounts leave it out. */
  queryAccount?(): Promise<AccountState>;
}

export interface MarketDataSink {
  onQuote(quote: QuoteTick): void;
  onTrade(trade: TradeTick): void;
  onBar(bar: Bar): void;
}

export interface MarketDataClient {
  readonly clientId: string;
  readonly venue: string;
  setSink(sink: MarketDataSink): void;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  subscribeQuotes(instrumentId: string): void;
  subscribeTrades(instrumentId: string): void;
  /** `barType` e.g. `BTCUSDT-PERP.SIM-1-MINUTE-LAST`. */
  subscribeBars(barType: string): void;
  unsubscribeQuotes(instrumentId: string): void;
  unsubscribeTrades(instrumentId: string): void;
  unsubscribeBars(barType: string): void;
}

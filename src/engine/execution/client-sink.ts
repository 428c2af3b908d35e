import type { Logger } from '../core/logger.js';
import type { FillReport, OrderStatusReport, PositionStatusReport } from '../model/reports.js';
import type { ConnectionState, ExecutionClient, ExecutionClientSink, VenueOrderEvent } from './client.js';

/** What the engine does with a client's reports and connection changes (the live engine reconciles). */
export interface ExecutionReportHandlers {
  onOrderStatusReport?(report: OrderStatusReport, client: ExecutionClient): void;
  onFillReport?(report: FillReport, client: ExecutionClient): void;
  onPositionStatusReport?(report: PositionStatusReport, client: ExecutionClient): void;
  onConnectionState?(state: ConnectionState, info: { reconnected?: boolean; reason?: string }, client: ExecutionClient): void;
  onMalformed?(detail: { reason: string; raw?: string }, client: ExecutionClient): void;
}

/** The part of the engine a sink feeds. */
export interface VenueEventProcessor {
  processVenueEvent(event: VenueOrderEvent): void;
}

/**
 * One sink per registered client: order events go to the engine; reports and connection changes go to
 * the handlers (logged when there are none), tagged with the client they came from.
 */
export class ClientSink implements ExecutionClientSink {
  private _malformed = 0;

  constructor(
    private readonly engine: VenueEventProcessor,
    private readonly client: ExecutionClient,
    private readonly log: Logger,
    private readonly handlers: ExecutionReportHandlers = {},
  ) {}

  get malformedCount(): number {
    return this._malformed;
  }

  onOrderEvent(event: VenueOrderEvent): void {
    this.engine.processVenueEvent(event);
  }

  onOrderStatusReport(report: OrderStatusReport): void {
    if (this.handlers.onOrderStatusReport) this.handlers.onOrderStatusReport(report, this.client);
    else this.log.debug('order status report (no handler)', { clientId: this.client.clientId });
  }

  onFillReport(report: FillReport): void {
    if (this.handlers.onFillReport) this.handlers.onFillReport(report, this.client);
    else this.log.debug('fill report (no handler)', { clientId: this.client.clientId });
  }

  onPositionStatusReport(report: PositionStatusReport): void {
    if (this.handlers.onPositionStatusReport) this.handlers.onPositionStatusReport(report, this.client);
    else this.log.debug('position status report (no handler)', { clientId: this.client.clientId });
  }

  onConnectionState(state: ConnectionState, info: { reconnected?: boolean; reason?: string } = {}): void {
    this.log.info(`execution client ${this.client.clientId} ${state}`, { clientId: this.client.clientId, state, ...info });
    this.handlers.onConnectionState?.(state, info, this.client);
  }

  onMalformed(detail: { reason: string; raw?: string }): void {
    this._malformed += 1;
    this.log.warn(`malformed venue message from ${this.client.clientId}: ${detail.reason}`, {
      code: 'VENUE_MESSAGE_MALFORMED', clientId: this.client.clientId, reason: detail.reason,
    });
    this.handlers.onMalformed?.(detail, this.client);
  }
}

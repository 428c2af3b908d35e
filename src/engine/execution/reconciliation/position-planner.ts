import { Decimal, Price, Quantity } from '../../core/decimal.js';
import { isEngineError } from '../../core/errors.js';
import { EXTERNAL_STRATEGY_ID, TAG_RECONCILIATION } from '../../model/enums.js';
import type { OrderSide } from '../../model/enums.js';
import * as ev from '../../model/event-factory.js';
import { syntheticId } from '../../model/identifiers.js';
import { Order } from '../../model/order.js';
import type { FillReport, PositionStatusReport } from '../../model/reports.js';
import { exposureOf } from './exposure.js';
import { POSITION_DEFERRED, positionDeferral, type SnapshotIndex } from './position-deferral.js';
import type { Exposure } from './exposure.js';
import { RECON_EVENT_PREFIX, claimOf } from './order-planner.js';
import type { OrderPlanEnv } from './order-planner.js';
import type { StagedStep } from './plan-builder.js';
import { reconciliationPrice } from './prices.js';

/**
 * Position reports → synthetic FILLED orders that align keel's positions with the venue's (§4).
 * NETTING (no venue position id): keel's open positions in the instrument and account, summed over
 * strategies. HEDGING (venue position id): the position with that id. Both after the fills the plan
 * already holds for orders.
 */
export const SYNTHETIC_ORDER_PREFIX = 'O-RECON';
export const SYNTHETIC_VENUE_ORDER_PREFIX = 'V-RECON';
export const SYNTHETIC_TRADE_PREFIX = 'T-RECON';

interface Leg {
  readonly side: OrderSide;
  readonly quantity: Quantity;
}

/** `snapshot`: the mass status's index, built on first use (only a differing position needs it). */
export function planPosition(report: PositionStatusReport, massFills: readonly FillReport[], env: OrderPlanEnv, snapshot?: () => SnapshotIndex): void {
  const { builder, view, ctx, config } = env;
  const hedging = report.venuePositionId !== undefined;
  const instrument = ctx.instruments.find(report.instrumentId);
  const sizePrecision = instrument?.sizePrecision ?? report.quantity.precision;
  const pricePrecision = instrument?.pricePrecision ?? report.avgPxOpen?.precision ?? 0;

  const positions = view
    .positions({ instrumentId: report.instrumentId })
    .filter((p) => p.instrumentId === report.instrumentId && p.isOpen)
    .filter((p) => (hedging ? p.id === report.venuePositionId : p.accountId === undefined || p.accountId === report.accountId));
  // HEDGING: the position's fills come from an index (a filter of the instrument's would run positions × fills).
  const fills = hedging
    ? builder.plannedFillsOfPosition(report.instrumentId, report.venuePositionId)
    : builder.plannedFillsOf(report.instrumentId).filter((f) => f.accountId === undefined || f.accountId === report.accountId);
  const ours = exposureOf(positions, fills, sizePrecision, pricePrecision);
  const venueSigned = Decimal.from(report.signedQty);

  const itemIndex = builder.addItem({
    kind: 'position',
    key: hedging ? `${report.instrumentId} ${report.venuePositionId}` : report.instrumentId,
    instrumentId: report.instrumentId,
    ...(hedging ? { venuePositionId: report.venuePositionId } : {}),
    had: positions.length === 0 && fills.length === 0 ? null : exposureState(ours),
    venue: {
      side: report.side,
      quantity: report.quantity.toString(),
      ...(report.avgPxOpen !== undefined ? { avgPx: report.avgPxOpen.toString() } : {}),
    },
  });
  if (ours.signed.eq(venueSigned)) return; // MATCHED (venue flat and nothing cached included)
  const deferral = positionDeferral(report, snapshot?.() ?? { tradeIds: new Set(massFills.map((f) => f.tradeId)), orderIds: new Set() }, view, ctx, fills);
  if (deferral !== undefined) {
    builder.skip(itemIndex, POSITION_DEFERRED, `keel holds ${ours.signed.toString()} and the venue ${venueSigned.toString()}, deferred: ${deferral}`);
    return;
  }
  if (config.generateMissingOrders === false) {
    builder.fail(
      itemIndex,
      `keel holds ${ours.signed.toString()} and the venue ${venueSigned.toString()}; generateMissingOrders is false, so nothing was created`,
    );
    return;
  }

  const legs: Leg[] = [];
  const flips = !ours.signed.isZero() && !venueSigned.isZero() && ours.signed.isPositive() !== venueSigned.isPositive();
  if (flips && !hedging) {
    // Crossing zero under NETTING: close ours, then open the venue's.
    legs.push(leg(ours.signed.neg()), leg(venueSigned));
  } else {
    legs.push(leg(venueSigned.sub(ours.signed)));
  }
  const reconPx = reconciliationPrice(ours.signed, ours.avg, venueSigned, report.avgPxOpen, pricePrecision);
  const quote = view.quote(report.instrumentId);
  const claimed = claimOf(ctx.claims, report.instrumentId);
  const staged: StagedStep[] = [];
  const created: string[] = [];
  try {
    legs.forEach((l, i) => {
      const quotePx = l.side === 'BUY' ? quote?.ask : quote?.bid;
      const price = reconPx ?? quotePx ?? ours.avg?.withPrecision(pricePrecision);
      const clientOrderId = syntheticId(
        SYNTHETIC_ORDER_PREFIX,
        env.venue,
        report.accountId,
        report.instrumentId,
        report.venuePositionId,
        venueSigned.toString(),
        report.avgPxOpen?.toString(),
        ours.signed.toString(),
        report.tsLast,
        i,
      );
      if (view.order(clientOrderId) !== undefined) {
        throw new Error(`synthetic order ${clientOrderId} for this venue state already exists, yet the positions still differ`);
      }
      const venueOrderId = syntheticId(SYNTHETIC_VENUE_ORDER_PREFIX, clientOrderId);
      const init = ev.orderInitialized({
        traderId: ctx.traderId,
        strategyId: claimed ?? EXTERNAL_STRATEGY_ID,
        instrumentId: report.instrumentId,
        clientOrderId,
        side: l.side,
        orderType: price !== undefined ? 'LIMIT' : 'MARKET',
        quantity: l.quantity,
        ...(price !== undefined ? { price } : {}),
        timeInForce: 'GTC',
        tags: claimed !== undefined ? [] : [TAG_RECONCILIATION],
        venueOrderId,
        accountId: report.accountId,
        tsInit: ctx.nowNs,
        eventId: syntheticId(RECON_EVENT_PREFIX, clientOrderId, 0, 'OrderInitialized'),
        reconciliation: true,
      });
      const order = Order.create(init);
      const meta = (type: string) => ({
        eventId: syntheticId(RECON_EVENT_PREFIX, clientOrderId, order.eventCount, type),
        tsInit: ctx.nowNs,
        reconciliation: true,
        accountId: report.accountId,
      });
      const accepted = ev.orderAccepted(order, venueOrderId, report.tsLast, meta('OrderAccepted'));
      order.apply(accepted);
      const filled = ev.orderFilled(
        order,
        {
          tradeId: syntheticId(SYNTHETIC_TRADE_PREFIX, clientOrderId),
          lastQty: l.quantity,
          lastPx: price ?? marketFillPrice(report.instrumentId, massFills, pricePrecision),
          currency: instrument?.quoteCurrency ?? 'USD',
          liquiditySide: price !== undefined ? 'NO_LIQUIDITY_SIDE' : 'TAKER',
          ...(hedging ? { positionId: report.venuePositionId } : {}),
        },
        report.tsLast,
        meta('OrderFilled'),
      );
      order.apply(filled);
      staged.push({ kind: 'createOrder', init }, { kind: 'applyEvent', event: accepted }, { kind: 'applyEvent', event: filled });
      created.push(clientOrderId);
    });
  } catch (err) {
    if (!(err instanceof Error) && !isEngineError(err)) throw err;
    builder.fail(itemIndex, (err as Error).message);
    return;
  }
  builder.commit(itemIndex, staged);
  const it = builder.item(itemIndex);
  it.outcome = 'CREATED';
  it.createdOrders.push(...created);
  it.reason = `keel held ${ours.signed.toString()}, the venue ${venueSigned.toString()}`;

  function leg(signedDiff: Decimal): Leg {
    const abs = signedDiff.abs();
    return { side: signedDiff.isPositive() ? 'BUY' : 'SELL', quantity: Quantity.fromRaw(abs.raw, abs.precision) };
  }
}

/**
 * The price a MARKET alignment fill carries when nothing better is known (**choice**): the latest venue
 * fill in that instrument in the same mass status, else zero. A fill needs a price; zero is visibly
 * "unknown" (and the item says so) rather than a plausible-looking number nobody traded at.
 */
/** Latest fill report per instrument, computed once per mass status (not once per position report). */
const latestFills = new WeakMap<readonly FillReport[], Map<string, FillReport>>();

function marketFillPrice(instrumentId: string, fills: readonly FillReport[], pricePrecision: number): Price {
  let latest = latestFills.get(fills);
  if (latest === undefined) {
    latest = new Map();
    for (const f of fills) {
      const seen = latest.get(f.instrumentId);
      if (seen === undefined || f.tsEvent >= seen.tsEvent) latest.set(f.instrumentId, f);
    }
    latestFills.set(fills, latest);
  }
  return latest.get(instrumentId)?.lastPx ?? Price.zero(pricePrecision);
}

function exposureState(e: Exposure): Record<string, string> {
  return {
    side: e.signed.isZero() ? 'FLAT' : e.signed.isPositive() ? 'LONG' : 'SHORT',
    quantity: e.signed.abs().toString(),
    ...(e.avg !== undefined ? { avgPx: e.avg.toString() } : {}),
  };
}

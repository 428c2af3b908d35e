import { afterEach, describe, expect, it } from 'vitest';
import { Money, Price, Quantity } from '../../../src/engine/core/decimal.js';
import type { VenueOrderEvent } from '../../../src/engine/execution/client.js';
import { Strategy } from '../../../src/engine/strategy/strategy.js';
import { Cleanup, createNode, startVenue, until } from './harness.js';

/**
 * Issue 11 item 3 against the real sandbox venue: forged venue events enter where the client's sink
 * puts them (the node's event queue); the node refuses them and asks the venue, whose answer stands.
 */
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

class Resting extends Strategy {
  readonly canceled: string[] = [];
  override onOrderCanceled(e: { clientOrderId: string }): void { this.canceled.push(e.clientOrderId); }
}

async function twoRestingBuys() {
  const venue = await startVenue();
  cleanup.add(() => venue.stop());
  venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
  const { node, logger } = await createNode(venue, {}, { shutdownPolicy: 'leave' });
  cleanup.add(() => node.dispose());
  const s = node.addStrategy(new Resting({}));
  await node.start();
  const a = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('100'), price: Price.from('0.99000') });
  const b = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('200'), price: Price.from('0.98000') });
  s.submitOrder(a);
  s.submitOrder(b);
  await until(() => a.status === 'ACCEPTED' && b.status === 'ACCEPTED', 5000, 'both accepted');
  const atVenue = (clientOrderId: string) => [...venue.engine.store.orders.values()].find((v) => v.clientOrderId === clientOrderId)!;
  return { venue, node, logger, s, a, b, atVenue };
}

describe('forged venue events against the real venue', () => {
  it('a fill carrying another order\'s venue order id, then a cancel: the other order is NOT cancelled at the venue', async () => {
    const { node, s, a, b, atVenue } = await twoRestingBuys();
    const forged: VenueOrderEvent = {
      type: 'OrderFilled', instrumentId: 'AUDUSD.SIM', clientOrderId: a.clientOrderId, venueOrderId: b.venueOrderId!, tradeId: 'T-FORGED',
      side: 'BUY', orderType: 'LIMIT', lastQty: Quantity.from('10'), lastPx: Price.from('0.99000'), currency: 'USD',
      commission: Money.from('0', 'USD'), liquiditySide: 'MAKER', tsEvent: 1n,
    };

    node.execEngine.eventQueue.push({ kind: 'event', venue: 'SIM', event: forged });
    await node.execEngine.whenIdle();
    s.cancelOrder(a);
    await until(() => a.status === 'CANCELED' || b.status === 'CANCELED', 5000, 'a cancel confirmed');

    expect([a.venueOrderId === b.venueOrderId, a.filledQty.toString(), node.core.venueEventRefusals.byCode]).toEqual([false, '0', { VENUE_EVENT_CONTRADICTS_ORDER: 1 }]);
    expect([atVenue(a.clientOrderId).status, atVenue(b.clientOrderId).status, b.status]).toEqual(['CANCELED', 'ACCEPTED', 'ACCEPTED']);
  });

  it('a spurious OrderCanceled of a working order: held, the status query brings the venue\'s ACCEPTED, the order keeps working', async () => {
    const { venue, node, s, a, atVenue } = await twoRestingBuys();
    const framesBefore = venue.stats().framesIn;

    node.execEngine.eventQueue.push({ kind: 'event', venue: 'SIM', event: { type: 'OrderCanceled', instrumentId: 'AUDUSD.SIM', clientOrderId: a.clientOrderId, venueOrderId: a.venueOrderId!, tsEvent: 1n } });
    await until(() => venue.stats().framesIn > framesBefore, 5000, 'the status query at the venue');
    await node.execEngine.whenIdle();

    expect([a.status, a.isOpen, atVenue(a.clientOrderId).status, (s as Resting).canceled]).toEqual(['ACCEPTED', true, 'ACCEPTED', []]);
    expect(node.core.venueEventRefusals.byCode).toEqual({ VENUE_EVENT_CANCEL_UNCONFIRMED: 1 });
    // The order still trades: the venue fills it when the market comes to it.
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.98900', ask: '0.98950' });
    await until(() => a.status === 'FILLED', 5000, 'a filled');
    expect(node.cache.positionsOpen().map((p) => p.signedQty.toString())).toEqual(['100']);
  });

  it('a runtime status report naming one order with another\'s venue order id: refused (no inferred fill, the id is not taken over)', async () => {
    const { node, a, b } = await twoRestingBuys();
    const client = node.execEngine.client('SIM')!;
    const real = (await client.generateOrderStatusReport({ clientOrderId: a.clientOrderId }))!;

    node.execEngine.eventQueue.push({ kind: 'report', venue: 'SIM', report: { ...real, venueOrderId: b.venueOrderId!, status: 'FILLED', filledQty: Quantity.from('100') } });
    await node.execEngine.whenIdle();

    expect([a.status, a.filledQty.toString(), a.venueOrderId === b.venueOrderId, node.cache.positions().length]).toEqual(['ACCEPTED', '0', false, 0]);
    expect(node.core.venueEventRefusals.latest.map((e) => [e.code, e.details.field])).toEqual([['VENUE_EVENT_CONTRADICTS_ORDER', 'venueOrderId']]);
  });
});

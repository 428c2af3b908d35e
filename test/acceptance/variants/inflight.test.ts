/** Variations of spec §4 "Continuous checks" (in-flight), public API only. */
import { afterEach, describe, expect, it } from 'vitest';
import { Strategy } from 'keel';
import { cleanUp, node, until, venue } from './support.js';

afterEach(cleanUp);

class Trader extends Strategy<Record<string, never>> {}

const CHECKS = { inflightCheckIntervalMs: 50, inflightCheckThresholdMs: 100, inflightCheckRetries: 2, reconciliationStartupDelaySecs: 0 };

async function running(execEngine: Record<string, unknown>) {
  const v = await venue();
  v.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
  const n = await node(v, execEngine);
  const s = n.addStrategy(new Trader({ orderIdTag: '001' }));
  await n.start();
  return { v, n, s };
}

describe('in-flight check', () => {
  it('PENDING_CANCEL that the venue never answers → CANCELED after the retries', async () => {
    const { v, n, s } = await running(CHECKS);
    const o = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1000', price: '0.99000' });
    s.submitOrder(o);
    await until(() => o.status === 'ACCEPTED', 5000, 'accepted');
    v.controls.fault({ kind: 'silent' });
    s.cancelOrder(o);
    await until(() => o.status === 'PENDING_CANCEL', 2000, 'pending cancel');
    await until(() => o.status === 'CANCELED', 5000, 'canceled locally');
    expect(o.events.at(-1)!.type).toBe('OrderCanceled');
    expect(n.cache.order(o.clientOrderId)!.isClosed).toBe(true);
  });

  it('PENDING_UPDATE that the venue never answers → CANCELED after the retries', async () => {
    const { v, s } = await running(CHECKS);
    const o = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'SELL', quantity: '1000', price: '1.01000' });
    s.submitOrder(o);
    await until(() => o.status === 'ACCEPTED', 5000, 'accepted');
    v.controls.fault({ kind: 'silent' });
    s.modifyOrder(o, { price: '1.02000' });
    await until(() => o.status === 'PENDING_UPDATE', 2000, 'pending update');
    await until(() => o.status === 'CANCELED', 5000, 'canceled locally');
  });

  it('SUBMITTED that the venue never answers, retries 3 → REJECTED with reason INFLIGHT_TIMEOUT', async () => {
    const { v, s } = await running({ ...CHECKS, inflightCheckRetries: 3 });
    v.controls.fault({ kind: 'silent' });
    const o = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1000', price: '0.99000' });
    s.submitOrder(o);
    await until(() => o.status === 'REJECTED', 5000, 'rejected');
    const last = o.events.at(-1) as { type: string; reason?: string };
    expect([last.type, last.reason]).toEqual(['OrderRejected', 'INFLIGHT_TIMEOUT']);
  });

  it('a lost acknowledgement: the venue answers the status query → the order is reconciled ACCEPTED (not rejected)', async () => {
    const { v, s } = await running(CHECKS);
    v.controls.fault({ kind: 'drop-acks', count: 1 });
    const o = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1000', price: '0.99000' });
    s.submitOrder(o);
    await until(() => o.status === 'ACCEPTED', 5000, 'reconciled through the query');
    expect(o.venueOrderId).toBeTruthy();
    expect(o.events.map((e) => e.type)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted']);
  });

  it('interval 0 disables the check: a SUBMITTED order of a silent venue stays SUBMITTED', async () => {
    const { v, s } = await running({ ...CHECKS, inflightCheckIntervalMs: 0 });
    v.controls.fault({ kind: 'silent' });
    const o = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1000', price: '0.99000' });
    s.submitOrder(o);
    // A second order under the checks of another node would be rejected in well under this time (see above).
    const deadline = performance.now() + 600;
    await until(() => performance.now() > deadline || o.status !== 'SUBMITTED', 2000);
    expect(o.status).toBe('SUBMITTED');
    v.controls.clearFaults(); // so that disposing the node does not wait out its disconnection timeout
  });

  it('turning the check on live (configure) resolves an order that was left in flight', async () => {
    const { v, n, s } = await running({ ...CHECKS, inflightCheckIntervalMs: 0 });
    v.controls.fault({ kind: 'silent' });
    const o = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1000', price: '0.99000' });
    s.submitOrder(o);
    await until(() => o.status === 'SUBMITTED', 2000);
    n.execEngine.configure({ inflightCheckIntervalMs: 50 });
    await until(() => o.status === 'REJECTED', 5000, 'rejected after enabling the check');
  });
});

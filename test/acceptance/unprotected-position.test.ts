/** An open position whose bracket child closes unfilled is a warning in the log, without running `.tree`. */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLogger, Quantity, Strategy, TradingNode } from 'keel';
import { cleanUp, until, venue } from './variants/support.js';

afterEach(cleanUp);

class Bracketer extends Strategy<Record<string, never>> {}

async function running(shutdownPolicy: 'leave' | 'cancel' = 'leave') {
  const v = await venue();
  v.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
  const logger = new MemoryLogger(undefined, 'warn');
  const n = await TradingNode.create({
    venues: [{ venue: 'SIM', url: v.url, apiKey: 'k', apiSecret: 's' }],
    execEngine: { inflightCheckIntervalMs: 0, reconciliationStartupDelaySecs: 0 },
    persistence: { kind: 'memory' },
    shutdownPolicy,
  }, { logger });
  const s = n.addStrategy(new Bracketer({ orderIdTag: '001', manageContingentOrders: true }));
  await n.start();
  const list = s.orderFactory.bracket({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('10'), slTriggerPrice: '0.99500', tpPrice: '1.00500' });
  s.submitOrderList(list);
  const [entry, sl, tp] = list.orders as [typeof list.orders[0], typeof list.orders[0], typeof list.orders[0]];
  await until(() => entry.status === 'FILLED' && sl.status === 'ACCEPTED' && tp.status === 'ACCEPTED', 5000, 'entry filled, children working');
  const warnings = () => logger.at('warn').filter((e) => e.fields?.['code'] === 'POSITION_UNPROTECTED');
  return { v, n, s, entry, sl, tp, warnings, logger };
}

describe('unprotected position warning', () => {
  it('the stop-loss cancelled by hand while the position is open: a warning per child that goes (OUO takes the take-profit with it)', async () => {
    const { n, s, sl, tp, warnings } = await running();

    s.cancelOrder(sl);
    await until(() => sl.status === 'CANCELED' && tp.status === 'CANCELED', 5000, 'stop-loss cancelled, OUO cancels the take-profit');

    const position = n.cache.positions({ open: true })[0]!;
    expect(warnings().map((w) => w.msg), JSON.stringify(warnings())).toEqual([
      `position ${position.id} (LONG 10 AUDUSD.SIM) is unprotected: its stop-loss ${sl.clientOrderId} was canceled (USER) while the position is open; still working: ${tp.clientOrderId}`,
      `position ${position.id} (LONG 10 AUDUSD.SIM) is unprotected: its take-profit ${tp.clientOrderId} was canceled (USER) while the position is open; no bracket order is left on it`,
    ]);
    expect(warnings()[0]!.fields).toMatchObject({ strategyId: 'Bracketer-001', clientOrderId: sl.clientOrderId, positionId: position.id });
  });

  it('the take-profit fills and OUO cancels the stop-loss: the position is flat, no warning', async () => {
    const { v, n, sl, tp, warnings } = await running();

    v.controls.setQuote('AUDUSD.SIM', { bid: '1.00600', ask: '1.00610' });
    await until(() => tp.status === 'FILLED' && sl.status === 'CANCELED', 5000, 'TP filled, SL cancelled');

    expect(n.cache.positions({ open: true })).toEqual([]);
    expect(warnings()).toEqual([]);
  });

  it('a shutdown that cancels the bracket says nothing of unprotected positions or dropped cancels (the stop report tells)', async () => {
    const { v, n, sl, tp, warnings, logger } = await running('cancel');

    await n.stop();

    expect([sl.status, tp.status]).toEqual(['CANCELED', 'CANCELED']);
    expect([sl, tp].map((o) => v.engine.find('SIM-001', { clientOrderId: o.clientOrderId })?.status)).toEqual(['CANCELED', 'CANCELED']);
    expect(warnings()).toEqual([]);
    expect(logger.at('warn').map((e) => e.msg).filter((m) => m.includes('dropped'))).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Money, Price, Quantity } from '../../src/engine/core/decimal.js';
import { LiveClock } from '../../src/engine/core/live-clock.js';
import { SandboxVenue } from '../../src/sandbox/sandbox-venue.js';

const AUD = 'AUDUSD.SIM';
let venue: SandboxVenue;
beforeEach(async () => {
  venue = await SandboxVenue.start({ port: 0, instruments: [AUD], omsType: 'HEDGING' });
});
afterEach(async () => {
  await venue.stop();
});

describe('venue.controls', () => {
  it('seedOrder accepts keel decimals and Money commissions, and derives filled qty and average from fills', () => {
    const report = venue.controls.seedOrder({
      instrumentId: AUD, venueOrderId: 'V-EXPIRE-001', side: 'BUY', type: 'LIMIT', quantity: Quantity.from('10000'), price: Price.from('1.00000'),
      timeInForce: 'GTD', expireTime: 10n ** 18n * 3n, status: 'EXPIRED',
      fills: [
        { tradeId: 'T-EXPIRE-001', quantity: 2000, price: '1.00000', commission: Money.from('0.04', 'USD') },
        { tradeId: 'T-EXPIRE-002', quantity: '1000', price: '1.00030', commission: '0.02 USD' },
      ],
    });
    const fills = venue.engine.fillReports('SIM-001', {});
    expect(report).toMatchObject({ status: 'EXPIRED', filledQty: '3000', avgPx: '1.000100000', expireTime: '3000000000000000000' });
    expect(fills.map((f) => `${f.tradeId} ${f.commission} ${f.commissionCurrency}`)).toEqual(['T-EXPIRE-001 0.04 USD', 'T-EXPIRE-002 0.02 USD']);
  });

  it('seedOrder refuses a venue order id it already holds, and an unknown instrument', () => {
    venue.controls.seedOrder({ instrumentId: AUD, venueOrderId: 'V-1', side: 'BUY', type: 'MARKET', quantity: '1', status: 'FILLED' });
    expect(() => venue.controls.seedOrder({ instrumentId: AUD, venueOrderId: 'V-1', side: 'BUY', type: 'MARKET', quantity: '1', status: 'FILLED' })).toThrow(
      expect.objectContaining({ code: 'VENUE_ORDER_DUPLICATE' }),
    );
    expect(() => venue.controls.seedOrder({ instrumentId: 'NOPE.SIM', venueOrderId: 'V-2', side: 'BUY', type: 'MARKET', quantity: '1', status: 'FILLED' })).toThrow(
      expect.objectContaining({ code: 'INSTRUMENT_UNKNOWN' }),
    );
  });

  it('seedOrder says which field was wrong and what it received', () => {
    expect(() => venue.controls.seedOrder({ instrumentId: AUD, venueOrderId: 'V-3', side: 'UP' as 'BUY', type: 'LIMIT', quantity: '1', status: 'ACCEPTED' })).toThrow(
      /venue.controls.seedOrder: expected valid input, received side: /,
    );
  });

  it('seedPosition in HEDGING keeps the given venue position id; a seeded open order matches like a placed one', () => {
    const pos = venue.controls.seedPosition({ instrumentId: AUD, side: 'SHORT', quantity: '100', avgPxOpen: '1.05', venuePositionId: 'P-SEED' });
    venue.controls.seedOrder({ instrumentId: AUD, venueOrderId: 'V-9', clientOrderId: 'O-9', side: 'BUY', type: 'LIMIT', quantity: '100', price: '1.00000', status: 'ACCEPTED', venuePositionId: 'P-SEED', reduceOnly: true });
    venue.controls.setQuote(AUD, { bid: '0.99990', ask: '1.00000' });
    expect(pos).toMatchObject({ venuePositionId: 'P-SEED', side: 'SHORT', signedQty: '-100' });
    expect(venue.engine.find('SIM-001', { clientOrderId: 'O-9' })!.status).toBe('FILLED');
    expect(venue.engine.positionReports('SIM-001')).toMatchObject([{ venuePositionId: 'P-SEED', side: 'FLAT' }]);
  });

  it('a seeded GTD order is expired by the venue at its expire time', async () => {
    const now = new LiveClock().timestampNs();
    venue.controls.seedOrder({ instrumentId: AUD, venueOrderId: 'V-GTD', side: 'BUY', type: 'LIMIT', quantity: '1', price: '0.9', status: 'ACCEPTED', timeInForce: 'GTD', expireTime: now + 20_000_000n });
    await expect.poll(() => venue.engine.find('SIM-001', { venueOrderId: 'V-GTD' })!.status).toBe('EXPIRED');
    expect(venue.engine.orderReports('SIM-001', {})).toMatchObject([{ venueOrderId: 'V-GTD', status: 'EXPIRED' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { ORDER_TYPES } from '../../../src/engine/model/enums.js';
import { ORDER_TRAITS, worksAsLimit } from '../../../src/engine/model/order-traits.js';
import { TestClock } from '../../../src/engine/core/test-clock.js';
import { OrderFactory } from '../../../src/engine/strategy/order-factory.js';
import { inferredLiquidity } from '../../../src/engine/execution/reconciliation/prices.js';

describe('order-type traits', () => {
  it('decides each order type once', () => {
    const rows = Object.fromEntries(ORDER_TYPES.map((t) => {
      const r = ORDER_TRAITS[t];
      return [t, [r.hasPrice, r.hasTrigger, r.triggerKind, r.restsAsLimitAfterTrigger, r.takesLiquidity, r.modifiable]];
    }));
    // [hasPrice, hasTrigger, triggerKind, restsAsLimitAfterTrigger, takesLiquidity, modifiable]
    expect(rows).toEqual({
      MARKET: [false, false, null, false, true, false],
      LIMIT: [true, false, null, false, false, true],
      STOP_MARKET: [false, true, 'STOP', false, true, true],
      STOP_LIMIT: [true, true, 'STOP', true, false, true],
      MARKET_IF_TOUCHED: [false, true, 'IF_TOUCHED', false, true, true],
      LIMIT_IF_TOUCHED: [true, true, 'IF_TOUCHED', true, false, true],
    });
  });

  it('has a trigger kind exactly when it has a trigger, and rests as a limit after one only with a price', () => {
    for (const t of ORDER_TYPES) {
      const r = ORDER_TRAITS[t];
      expect([t, r.triggerKind !== null]).toEqual([t, r.hasTrigger]);
      expect([t, r.restsAsLimitAfterTrigger]).toEqual([t, r.hasPrice && r.hasTrigger]);
    }
  });

  it('works as a limit: LIMIT always, STOP_LIMIT / LIMIT_IF_TOUCHED once triggered, market-style never', () => {
    const now = (triggered: boolean) => ORDER_TYPES.filter((t) => worksAsLimit(t, triggered));
    expect(now(false)).toEqual(['LIMIT']);
    expect(now(true)).toEqual(['LIMIT', 'STOP_LIMIT', 'LIMIT_IF_TOUCHED']);
  });
});

describe('readers of the traits table', () => {
  it("the order factory asks for exactly the fields each type's traits name", () => {
    const factory = new OrderFactory('TRADER-001', 'S-001', new TestClock(0n));
    const methods = {
      MARKET: 'market', LIMIT: 'limit', STOP_MARKET: 'stopMarket', STOP_LIMIT: 'stopLimit',
      MARKET_IF_TOUCHED: 'marketIfTouched', LIMIT_IF_TOUCHED: 'limitIfTouched',
    } as const;
    const asked = Object.fromEntries(ORDER_TYPES.map((t) => {
      const make = factory[methods[t]].bind(factory) as (a: object) => unknown;
      try {
        make({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1000' });
        return [t, 'nothing'];
      } catch (e) {
        return [t, (e as Error).message];
      }
    }));
    expect(asked).toEqual({
      MARKET: 'nothing',
      LIMIT: 'expected a price for a LIMIT order, received none',
      STOP_MARKET: 'expected a triggerPrice for a STOP_MARKET order, received none',
      STOP_LIMIT: 'expected a price for a STOP_LIMIT order and a triggerPrice for a STOP_LIMIT order, received none',
      MARKET_IF_TOUCHED: 'expected a triggerPrice for a MARKET_IF_TOUCHED order, received none',
      LIMIT_IF_TOUCHED: 'expected a price for a LIMIT_IF_TOUCHED order and a triggerPrice for a LIMIT_IF_TOUCHED order, received none',
    });
  });

  it('inferred fills of market-style orders are TAKER, others unknown unless post-only', () => {
    expect(ORDER_TYPES.map((t) => inferredLiquidity(t, false))).toEqual(['TAKER', 'NO_LIQUIDITY_SIDE', 'TAKER', 'NO_LIQUIDITY_SIDE', 'TAKER', 'NO_LIQUIDITY_SIDE']);
    expect(inferredLiquidity('LIMIT', true)).toBe('MAKER');
  });
});

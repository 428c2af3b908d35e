import { describe, expect, it } from 'vitest';
import { FakeContext } from './fake-context.js';
import { Recorder, recorder, running } from './helpers.js';

describe('Strategy.configure (live)', () => {
  it('returns and records the change: only keys that changed, who asked and when', () => {
    const ctx = new FakeContext(5n);
    const { s } = recorder({ omsType: 'HEDGING' }, ctx);
    const change = s.configure({ omsType: 'NETTING', manageGtdExpiry: false }, 'repl');
    expect(change).toMatchObject({ kind: 'ConfigChange', target: 'strategy:Recorder-000', source: 'repl', tsEvent: 5n, changes: [{ key: 'omsType', before: 'HEDGING', after: 'NETTING' }] });
    expect([ctx.configChanges.length, ctx.omsByStrategy.get('Recorder-000'), s.omsType]).toEqual([1, 'NETTING', 'NETTING']);
  });

  it('an invalid value or an unknown key is refused and nothing changes', () => {
    const { s, ctx } = recorder({ omsType: 'HEDGING' });
    expect(() => s.configure({ omsType: 'NETTING', manageGtdExpiry: 'yes' } as never)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => s.configure({ omsTyp: 'NETTING' } as never)).toThrow(/omsTyp/);
    expect([s.omsType, s.config.manageGtdExpiry, ctx.configChanges.length]).toEqual(['HEDGING', false, 0]);
  });

  it('the id cannot change live', () => {
    const { s } = recorder();
    expect(() => s.configure({ orderIdTag: '999' })).toThrow(expect.objectContaining({ code: 'CONFIG_CHANGE_REFUSED' }));
    expect(s.id).toBe('Recorder-000');
  });

  it('claims are re-registered; a double claim refuses the whole change', () => {
    const ctx = new FakeContext();
    const { s: a } = running(new Recorder({ orderIdTag: '001', externalOrderClaims: ['AUDUSD.SIM'] }), ctx);
    const { s: b } = running(new Recorder({ strategyId: 'B', orderIdTag: '002' }), ctx);
    a.configure({ externalOrderClaims: ['GBPUSD.SIM'] });
    expect(() => b.configure({ externalOrderClaims: ['GBPUSD.SIM'], omsType: 'HEDGING' })).toThrow(expect.objectContaining({ code: 'CLAIM_DUPLICATE' }));
    expect([ctx.claims.owner('AUDUSD.SIM'), ctx.claims.owner('GBPUSD.SIM'), b.omsType]).toEqual([undefined, 'Recorder-001', 'UNSPECIFIED']);
  });

  it('an omsType change applies to positions opened afterwards: existing positions keep their ids', () => {
    const { s, ctx } = recorder({ omsType: 'NETTING' });
    const o = s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1' });
    s.submitOrder(o); ctx.accept(o); ctx.fill(o, '1', '1.00000');
    s.configure({ omsType: 'HEDGING' });
    expect([s.cache.positions().map((p) => p.id), ctx.omsByStrategy.get(s.id)]).toEqual([['AUDUSD.SIM-Recorder-000'], 'HEDGING']);
  });

  it('params are merged and validated by the strategy schema', () => {
    const { s } = recorder({ params: { a: 1 } });
    const change = s.configure({ params: { b: 2 } });
    expect([s.params, change.changes]).toEqual([{ a: 1, b: 2 }, [{ key: 'params.b', before: undefined, after: 2 }]]);
  });
});

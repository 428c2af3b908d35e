/** Variations of spec §1 (validation) and §8 (live changes), public API only. */
import { afterEach, describe, expect, it } from 'vitest';
import { Quantity, Strategy, TradingNode } from 'keel';
import { cleanUp, node, until, venue } from './support.js';

afterEach(cleanUp);

class Trader extends Strategy<Record<string, never>> {}

const thrown = (fn: () => unknown): { code?: string; message: string; details?: unknown } => {
  try {
    fn();
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error('expected a throw');
};

describe('node.execEngine.configure', () => {
  it('three keys at once → one change with before/after per key, applied, recorded in node.configChanges', async () => {
    const v = await venue();
    const n = await node(v, { inflightCheckThresholdMs: 5000 });
    await n.start();
    const before = n.configChanges.length;
    const change = n.execEngine.configure({ inflightCheckThresholdMs: 750, inflightCheckRetries: 9, openCheckMissingRetries: 2 });
    expect(change.kind).toBe('ConfigChange');
    expect(change.target).toBe('execEngine');
    expect([...change.changes].sort((a, b) => a.key.localeCompare(b.key)).map((c) => [c.key, c.before, c.after])).toEqual([
      ['inflightCheckRetries', 5, 9], ['inflightCheckThresholdMs', 5000, 750], ['openCheckMissingRetries', 5, 2],
    ]);
    expect([n.execEngine.config.inflightCheckThresholdMs, n.execEngine.config.inflightCheckRetries, n.execEngine.config.openCheckMissingRetries]).toEqual([750, 9, 2]);
    expect(n.configChanges.length).toBe(before + 1);
    expect(n.configChanges.at(-1)!.changeId).toBe(change.changeId);
    expect(typeof change.tsEvent).toBe('bigint');
  });

  it('a source that is not a string label is refused by name; nothing changed, nothing recorded', async () => {
    const v = await venue();
    const n = await node(v);
    await n.start();
    const count = n.configChanges.length;

    const e = thrown(() => n.execEngine.configure({ inflightCheckThresholdMs: 750 }, { source: 'repl' } as never));

    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('expected the source as a non-empty string label');
    expect(e.message).toContain('received {"source":"repl"}');
    expect([n.execEngine.config.inflightCheckThresholdMs, n.configChanges.length]).toEqual([5000, count]);
  });

  it('a key set to the value it already has is not in the diff', async () => {
    const v = await venue();
    const n = await node(v);
    await n.start();
    const change = n.execEngine.configure({ inflightCheckRetries: 5, inflightCheckThresholdMs: 1234 });
    expect(change.changes.map((c) => c.key)).toEqual(['inflightCheckThresholdMs']);
  });

  it('several keys with one invalid (negative retries) → error naming key, value and expectation; nothing changed, nothing recorded', async () => {
    const v = await venue();
    const n = await node(v);
    await n.start();
    const cfg = { ...n.execEngine.config };
    const count = n.configChanges.length;
    const e = thrown(() => n.execEngine.configure({ inflightCheckThresholdMs: 900, inflightCheckRetries: -3, qsize: 5000 }));
    expect(e.code).toMatch(/^[A-Z][A-Z_]+$/);
    expect(e.message).toContain('inflightCheckRetries');
    expect(e.message).toContain('-3');
    expect(e.message).toMatch(/expected/i);
    expect(n.execEngine.config).toEqual(cfg);
    expect(n.configChanges.length).toBe(count);
  });

  it('a non-integer threshold is refused; so is a string', async () => {
    const v = await venue();
    const n = await node(v);
    await n.start();
    expect(thrown(() => n.execEngine.configure({ inflightCheckThresholdMs: 2.5 })).message).toContain('inflightCheckThresholdMs');
    expect(thrown(() => n.execEngine.configure({ inflightCheckIntervalMs: '100' as unknown as number })).message).toContain('inflightCheckIntervalMs');
    expect(n.execEngine.config.inflightCheckThresholdMs).toBe(5000);
  });

  it('an unknown key (a typo) is refused and named; the valid key beside it is not applied', async () => {
    const v = await venue();
    const n = await node(v);
    await n.start();
    const e = thrown(() => n.execEngine.configure({ inflightCheckThresholdMs: 100, inflightCheckTreshold: 100 } as never));
    expect(e.message).toContain('inflightCheckTreshold');
    expect(n.execEngine.config.inflightCheckThresholdMs).toBe(5000);
  });
});

describe('TradingNode.create validation', () => {
  it('a bad execEngine value names the key, the received value and what was expected', async () => {
    const e = await TradingNode.create({ execEngine: { openCheckLookbackMins: -60 } } as never).then(() => undefined, (err: unknown) => err as { code?: string; message: string });
    expect(e).toBeDefined();
    expect(e!.code).toMatch(/^[A-Z][A-Z_]+$/);
    expect(e!.message).toContain('openCheckLookbackMins');
    expect(e!.message).toContain('-60');
    expect(e!.message).toMatch(/expected/i);
  });

  it('an unknown key in execEngine is refused', async () => {
    const e = await TradingNode.create({ execEngine: { reconcilation: false } } as never).then(() => undefined, (err: unknown) => err as Error);
    expect(e?.message).toContain('reconcilation');
  });

  it('an unknown shutdownPolicy is refused naming the allowed ones', async () => {
    const e = await TradingNode.create({ shutdownPolicy: 'panic' } as never).then(() => undefined, (err: unknown) => err as Error);
    expect(e?.message).toContain('shutdownPolicy');
    expect(e?.message).toContain('panic');
  });
});

describe('strategy.configure', () => {
  it('omsType change is recorded against the strategy; existing positions keep their id, new entries open HEDGING ids', async () => {
    const v = await venue({ omsType: 'NETTING' });
    v.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
    const n = await node(v);
    const s = n.addStrategy(new Trader({ orderIdTag: '001', omsType: 'NETTING' }));
    await n.start();
    s.submitOrder(s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('100') }));
    await until(() => n.cache.positions({ open: true }).length === 1, 5000, 'first position');
    const change = s.configure({ omsType: 'HEDGING' });
    expect(change.target).toBe(`strategy:${s.id}`);
    expect(change.changes.map((c) => [c.key, c.before, c.after])).toEqual([['omsType', 'NETTING', 'HEDGING']]);
    expect(n.configChanges.at(-1)!.changeId).toBe(change.changeId);
    s.submitOrder(s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('50') }));
    await until(() => n.cache.positions({ open: true }).length === 2, 5000, 'second position');
    const ids = n.cache.positions().map((p) => [p.id, p.quantity.toString()]);
    expect(ids[0]).toEqual(['AUDUSD.SIM-Trader-001', '100']);
    expect(ids[1]![0]).toMatch(/^P-\d{8}-\d{6}-001-001-1$/);
    expect(ids[1]![1]).toBe('50');
  });

  it('an invalid omsType is refused and nothing changes', async () => {
    const v = await venue();
    const n = await node(v);
    const s = n.addStrategy(new Trader({ orderIdTag: '001', omsType: 'NETTING' }));
    await n.start();
    const count = n.configChanges.length;
    const e = thrown(() => s.configure({ omsType: 'FIFO' } as never));
    expect(e.message).toContain('omsType');
    expect(e.message).toContain('FIFO');
    expect([s.omsType, n.configChanges.length]).toEqual(['NETTING', count]);
  });

  it('an unknown strategy config key is refused', async () => {
    const v = await venue();
    const n = await node(v);
    const s = n.addStrategy(new Trader({ orderIdTag: '001' }));
    await n.start();
    expect(thrown(() => s.configure({ manageGtdExpry: true } as never)).message).toContain('manageGtdExpry');
  });
});

describe('node.revert(changeId): undo a live change', () => {
  it('the exec engine, the risk engine and a strategy each go back, through their own validation, audited as a revert', async () => {
    const v = await venue();
    const n = await node(v, { inflightCheckThresholdMs: 5000 });
    const s = n.addStrategy(new Trader({ orderIdTag: '001', omsType: 'NETTING' }));
    await n.start();
    const exec = n.execEngine.configure({ inflightCheckThresholdMs: 750, inflightCheckRetries: 9 });
    n.riskEngine.configure({ maxOrderSubmitRate: '5/00:00:01' });
    const risk = n.configChanges.at(-1)!;
    const strat = s.configure({ omsType: 'HEDGING' });

    const undone = [n.revert(exec.changeId), n.revert(risk.changeId), n.revert(strat.changeId, 'repl')];

    expect([n.execEngine.config.inflightCheckThresholdMs, n.execEngine.config.inflightCheckRetries, n.riskEngine.config.maxOrderSubmitRate, s.omsType])
      .toEqual([5000, 5, '100/00:00:01', 'NETTING']);
    expect(undone.map((c) => [c.target, c.source, c.changes.map((e) => `${e.key}:${String(e.before)}→${String(e.after)}`).join(',')])).toEqual([
      ['execEngine', `user (revert ${exec.changeId})`, 'inflightCheckRetries:9→5,inflightCheckThresholdMs:750→5000'],
      ['riskEngine', `user (revert ${risk.changeId})`, 'maxOrderSubmitRate:5/00:00:01→100/00:00:01'],
      ['strategy:Trader-001', `repl (revert ${strat.changeId})`, 'omsType:HEDGING→NETTING'],
    ]);
    expect(n.configChanges.slice(-3).map((c) => c.changeId)).toEqual(undone.map((c) => c.changeId));
  });

  it('refused, changing nothing, when a later change touched the same key; an unknown id is named', async () => {
    const v = await venue();
    const n = await node(v);
    await n.start();
    const first = n.execEngine.configure({ inflightCheckThresholdMs: 750 });
    const second = n.execEngine.configure({ inflightCheckThresholdMs: 900 });
    const count = n.configChanges.length;

    const blocked = thrown(() => n.revert(first.changeId));
    const unknown = thrown(() => n.revert('CC-nope'));

    expect(blocked.code).toBe('CONFIG_REVERT_REFUSED');
    expect(blocked.message).toBe(`revert: ${first.changeId} cannot be undone: the later change ${second.changeId} also changed inflightCheckThresholdMs of execEngine; revert ${second.changeId} first`);
    expect([unknown.code, unknown.message]).toEqual(['CONFIG_CHANGE_UNKNOWN', `revert: expected the id of a change in node.configChanges, received 'CC-nope' (the latest is ${second.changeId})`]);
    expect([n.execEngine.config.inflightCheckThresholdMs, n.configChanges.length]).toEqual([900, count]);
    n.revert(second.changeId);
    expect(n.execEngine.config.inflightCheckThresholdMs).toBe(750);
  });
});

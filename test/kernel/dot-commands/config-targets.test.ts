/**
 * `.config` over a real session (embedded sandbox venue, live TradingNode): every live config is
 * reachable (exec engine, risk engine, a strategy and its params), with completion, descriptions, undo,
 * and audit entries recorded as the REPL's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TradingNode } from '../../../src/engine/index.js';
import { createSession, type Session } from '../../../src/kernel/index.js';
import { driveSessionRepl, type DrivenSessionRepl } from '../session/drive-session-repl.js';

let session: Session;
let r: DrivenSessionRepl;
let node: TradingNode;

beforeAll(async () => {
  session = await createSession({ configSource: 'repl' });
  node = session.node as unknown as TradingNode;
  r = await driveSessionRepl(session);
  await r.send('class Idle extends keel.Strategy<{ fast: number }> {}');
  await r.send("node.addStrategy(new Idle({ orderIdTag: '007', omsType: 'HEDGING', params: { fast: 3 } }))");
}, 30_000);

afterAll(async () => {
  await session?.stop();
});

describe('.config reaches every live config', () => {
  it('.config risk.maxOrderSubmitRate changes the risk engine, audited with source repl', async () => {
    const out = await r.send('.config risk.maxOrderSubmitRate 50/00:00:01');

    expect(node.riskEngine.config.maxOrderSubmitRate).toBe('50/00:00:01');
    expect(node.configChanges.at(-1)).toMatchObject({ target: 'riskEngine', source: 'repl', changes: [{ key: 'maxOrderSubmitRate', before: '100/00:00:01', after: '50/00:00:01' }] });
    expect(out).toContain('riskEngine');
    expect(out).toContain("maxOrderSubmitRate: 100/00:00:01 → 50/00:00:01");
  });

  it('.config risk.maxPositionPerInstrument and risk.maxDailyLoss take JSON, audited as repl; a bad value changes nothing', async () => {
    const count = node.configChanges.length;
    const bad = await r.send('.config risk.maxPositionPerInstrument {"BTCUSDT-PERP.SIM":"-1"}');
    expect([node.configChanges.length, bad]).toEqual([count, expect.stringContaining('maxPositionPerInstrument')]);

    await r.send('.config risk.maxPositionPerInstrument {"BTCUSDT-PERP.SIM":"2.5"}');
    await r.send('.config risk.maxDailyLoss {"currency":"USDT","amount":"500"}');

    expect(node.riskEngine.config.maxPositionPerInstrument).toEqual({ 'BTCUSDT-PERP.SIM': '2.5' });
    expect(node.riskEngine.config.maxDailyLoss).toEqual({ currency: 'USDT', amount: '500' });
    expect(node.configChanges.slice(-2).map((c) => [c.target, c.source, c.changes[0]?.key])).toEqual([
      ['riskEngine', 'repl', 'maxPositionPerInstrument'], ['riskEngine', 'repl', 'maxDailyLoss']]);
  });

  it('.config STRATEGY-ID.omsType and .params.NAME change the strategy; .config undo puts omsType back', async () => {
    await r.send('.config Idle-007.omsType NETTING');
    await r.send('.config Idle-007.params.fast 5');
    const s = node.strategies.find((x) => x.id === 'Idle-007')!;
    const [oms, params] = node.configChanges.slice(-2);

    await r.send(`.config undo ${oms!.changeId}`);

    expect([oms!.target, oms!.source, oms!.changes, params!.changes]).toEqual([
      'strategy:Idle-007', 'repl', [{ key: 'omsType', before: 'HEDGING', after: 'NETTING' }], [{ key: 'params.fast', before: 3, after: 5 }],
    ]);
    expect([s.omsType, (s.params as { fast: number }).fast]).toEqual(['HEDGING', 5]);
    expect(node.configChanges.at(-1)).toMatchObject({ target: 'strategy:Idle-007', source: `repl (revert ${oms!.changeId})`, revertOf: oms!.changeId });
  });

  it('a bad value for a strategy key is shown as the error and changes nothing', async () => {
    const count = node.configChanges.length;

    const out = await r.send('.config Idle-007.omsType FIFO');

    expect(out).toContain('omsType');
    expect(out).toContain('FIFO');
    expect(node.configChanges.length).toBe(count);
  });

  it('a change typed in a cell is recorded with the session\'s source (repl)', async () => {
    await r.send('node.execEngine.configure({ inflightCheckRetries: 4 })');

    expect(node.configChanges.at(-1)).toMatchObject({ target: 'execEngine', source: 'repl' });
  });

  it('completion: targets after .config, then the keys of the target', async () => {
    const [targets] = await r.complete('.config ri');
    const [riskKeys, replaced] = await r.complete('.config risk.');
    const [ids] = await r.complete('.config Idl');
    const [strategyKeys] = await r.complete('.config Idle-007.');

    expect(targets).toEqual(['risk.']);
    expect([riskKeys, replaced]).toEqual([['risk.bypass', 'risk.maxDailyLoss', 'risk.maxNotionalPerOrder', 'risk.maxOrderSubmitRate', 'risk.maxPositionPerInstrument', 'risk.onDailyLoss'], 'risk.']);
    expect(ids).toEqual(['Idle-007.']);
    expect(strategyKeys).toEqual([
      'Idle-007.externalOrderClaims', 'Idle-007.manageContingentOrders', 'Idle-007.manageGtdExpiry', 'Idle-007.omsType',
      'Idle-007.orderIdTag', 'Idle-007.params', 'Idle-007.params.fast', 'Idle-007.strategyId',
    ]);
  });

  it('completion of .config undo: the ids of the changes that changed something', async () => {
    await r.send('.config risk.maxOrderSubmitRate 40/00:00:01');
    const latest = node.configChanges.at(-1)!.changeId;

    const [ids, replaced] = await r.complete('.config undo CC-risk');

    expect(replaced).toBe('undo CC-risk');
    expect(ids).toContain(`undo ${latest}`);
    expect(ids.every((id) => id.startsWith('undo CC-risk-'))).toBe(true);
    await r.send('.config undo');
  });

  it('.config alone shows the exec engine and names the others; .config TARGET shows one; each key with value and description', async () => {
    const all = await r.send('.config');
    const risk = await r.send('.config risk');
    const strategy = await r.send('.config Idle-007');

    expect(all).toContain('Exec engine config  .config KEY VALUE to change; also .config risk, .config Idle-007');
    expect(all).toMatch(/inflightCheckThresholdMs\s+5000\s+How long an order may stay in flight before its status is queried/);
    expect(risk).not.toContain('Exec engine config');
    expect(risk).toMatch(/maxOrderSubmitRate\s+50\/00:00:01\s+At most this many order submits per interval/);
    expect(strategy).toContain('Strategy Idle-007 config');
    expect(strategy).toMatch(/omsType\s+HEDGING\s+How positions opened from now on are kept/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  LiveExecEngineConfigSchema, RiskEngineConfigSchema, StrategyConfigSchema, TradingNodeConfigSchema,
  checkConfig, diffConfig, parseConfig, parseRate,
} from '../../../src/engine/config/index.js';
import { EngineError } from '../../../src/engine/core/errors.js';

describe('config defaults', () => {
  it('fills every LiveExecEngineConfig default from an empty object', () => {
    const config = parseConfig(LiveExecEngineConfigSchema, {}, 'LiveExecEngineConfig');
    expect(config).toEqual({
      reconciliation: true,
      reconciliationLookbackMins: null,
      reconciliationInstrumentIds: null,
      filterUnclaimedExternalOrders: false,
      filterPositionReports: false,
      filteredClientOrderIds: null,
      generateMissingOrders: true,
      inflightCheckIntervalMs: 2000,
      inflightCheckThresholdMs: 5000,
      inflightCheckRetries: 5,
      openCheckIntervalSecs: null,
      openCheckOpenOnly: true,
      openCheckLookbackMins: 60,
      openCheckThresholdMs: 5000,
      openCheckMissingRetries: 5,
      positionCheckIntervalSecs: null,
      positionCheckLookbackMins: 60,
      positionCheckThresholdMs: 5000,
      positionCheckRetries: 3,
      reconciliationStartupDelaySecs: 10,
      qsize: 100000,
      allowOverfills: false,
      gracefulShutdownOnException: false,
    });
  });

  it('fills nested TradingNodeConfig defaults and keeps given values', () => {
    const config = parseConfig(TradingNodeConfigSchema, {
      venues: [{ venue: 'SIM', url: 'ws://127.0.0.1:9000', apiKey: 'k', apiSecret: 's' }],
      execEngine: { inflightCheckIntervalMs: 500 },
    }, 'TradingNodeConfig');

    expect(config.traderId).toBe('TRADER-001');
    expect(config.execEngine.inflightCheckIntervalMs).toBe(500);
    expect(config.execEngine.qsize).toBe(100000);
    expect(config.riskEngine).toEqual({ bypass: false, maxOrderSubmitRate: '100/00:00:01', maxNotionalPerOrder: {},
      maxPositionPerInstrument: {}, maxDailyLoss: null, onDailyLoss: 'HALTED' });
    expect(config.persistence).toEqual({ kind: 'memory' });
    expect(config.timeouts).toEqual({ connectionSecs: 60, reconciliationSecs: 30, disconnectionSecs: 10 });
    expect(config.shutdownPolicy).toBe('leave');
    expect(config.strategies).toEqual([]);
  });

  it('fills StrategyConfig defaults', () => {
    expect(parseConfig(StrategyConfigSchema, { orderIdTag: '001' }, 'StrategyConfig')).toEqual({
      orderIdTag: '001', omsType: 'UNSPECIFIED', externalOrderClaims: [], manageContingentOrders: false,
      manageGtdExpiry: false, params: {},
    });
  });
});

describe('config errors', () => {
  it('names the key, the value received and what was expected', () => {
    expect(() => parseConfig(LiveExecEngineConfigSchema, { inflightCheckIntervalMs: -5 }, 'LiveExecEngineConfig'))
      .toThrowErrorMatchingInlineSnapshot(`
        [EngineError: invalid LiveExecEngineConfig (1 problem):
        inflightCheckIntervalMs: expected a non-negative integer, received -5 (number)]
      `);
  });

  it('rejects a non-integer, a string number and a qsize of 0', () => {
    expect(() => parseConfig(LiveExecEngineConfigSchema, { inflightCheckRetries: 2.5, openCheckLookbackMins: '60', qsize: 0 }, 'LiveExecEngineConfig'))
      .toThrowErrorMatchingInlineSnapshot(`
        [EngineError: invalid LiveExecEngineConfig (3 problems):
        inflightCheckRetries: expected a non-negative integer, received 2.5 (number)
        openCheckLookbackMins: expected a non-negative integer, received '60' (string)
        qsize: expected an integer >= 1, received 0 (number)]
      `);
  });

  it('treats an unknown key (a typo) as an error and suggests the key it resembles, once', () => {
    expect(() => parseConfig(TradingNodeConfigSchema, { timeouts: { connectSecs: 5 } }, 'TradingNodeConfig'))
      .toThrowErrorMatchingInlineSnapshot(`
        [EngineError: invalid TradingNodeConfig (1 problem):
        timeouts.connectSecs: expected no such key; did you mean 'connectionSecs'?, received 5 (number)]
      `);
    expect(() => parseConfig(LiveExecEngineConfigSchema, { inflightCheckTreshold: 5 }, 'execEngine'))
      .toThrow("inflightCheckTreshold: expected no such key; did you mean 'inflightCheckThresholdMs'?, received 5 (number)");
  });

  it('an unknown key that resembles nothing lists the known keys', () => {
    expect(() => parseConfig(TradingNodeConfigSchema, { timeouts: { banana: 5 } }, 'TradingNodeConfig'))
      .toThrowErrorMatchingInlineSnapshot(`
        [EngineError: invalid TradingNodeConfig (1 problem):
        timeouts.banana: expected no such key (known keys: connectionSecs, reconciliationSecs, disconnectionSecs), received 5 (number)]
      `);
  });

  it('lists several problems together, nested paths included', () => {
    const input = {
      traderId: 'trader one',
      execEngine: { reconciliation: 'yes', qsize: -1 },
      riskEngine: { maxOrderSubmitRate: '100 per second', maxNotionalPerOrder: { 'AUDUSD.SIM': 1000 } },
      venues: [{ venue: 'SIM', url: 'http://x' }],
      persistence: { kind: 'disk' },
      shutdownPolicy: 'panic',
    };
    expect(() => parseConfig(TradingNodeConfigSchema, input, 'TradingNodeConfig')).toThrowErrorMatchingInlineSnapshot(`
      [EngineError: invalid TradingNodeConfig (8 problems):
      traderId: expected an id 'NAME-DIGITS' (e.g. 'TRADER-001'), received 'trader one' (string)
      execEngine.reconciliation: expected true or false, received 'yes' (string)
      execEngine.qsize: expected an integer >= 1, received -1 (number)
      riskEngine.maxOrderSubmitRate: expected a rate 'COUNT/HH:MM:SS' with COUNT >= 1 and a non-zero interval (e.g. '100/00:00:01'), received '100 per second' (string)
      riskEngine.maxNotionalPerOrder.AUDUSD.SIM: expected a non-negative decimal string like '1000000.00', received 1000 (number)
      venues.0.url: expected a ws:// or wss:// url, received 'http://x' (string)
      persistence.kind: expected { kind: 'memory' }, { kind: 'journal', dir } or { kind: 'redis', url }, received 'disk' (string)
      shutdownPolicy: expected one of 'leave', 'cancel', 'flatten', received 'panic' (string)]
    `);
  });

  it('carries the issues as data with a stable code', () => {
    const result = checkConfig(StrategyConfigSchema, { omsType: 'NET' }, 'StrategyConfig');

    expect(result.ok).toBe(false);
    const error = (result as { ok: false; error: EngineError }).error;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.details.issues).toEqual([{
      path: 'omsType',
      expected: "one of 'UNSPECIFIED', 'NETTING', 'HEDGING'",
      received: "'NET' (string)",
      message: "omsType: expected one of 'UNSPECIFIED', 'NETTING', 'HEDGING', received 'NET' (string)",
    }]);
  });

  it('requires the journal dir', () => {
    expect(() => parseConfig(TradingNodeConfigSchema, { persistence: { kind: 'journal' } }, 'TradingNodeConfig'))
      .toThrowErrorMatchingInlineSnapshot(`
        [EngineError: invalid TradingNodeConfig (1 problem):
        persistence.dir: expected a directory path, received nothing (missing)]
      `);
  });
});

describe('risk rate and config diff', () => {
  it('parses COUNT/HH:MM:SS', () => {
    expect(parseRate('100/00:00:01')).toEqual({ count: 100, intervalNs: 1_000_000_000n });
    expect(parseRate('5/01:02:03')).toEqual({ count: 5, intervalNs: 3_723_000_000_000n });
    expect(() => parseRate('0/00:00:01')).toThrow(/received '0\/00:00:01'/);
    expect(parseConfig(RiskEngineConfigSchema, { maxNotionalPerOrder: { 'AUDUSD.SIM': '500000' } }, 'RiskEngineConfig').maxNotionalPerOrder)
      .toEqual({ 'AUDUSD.SIM': '500000' });
  });

  it('lists only changed keys, nested ones as dotted paths', () => {
    const before = parseConfig(TradingNodeConfigSchema, {}, 'TradingNodeConfig');
    const after = parseConfig(TradingNodeConfigSchema, { execEngine: { inflightCheckThresholdMs: 500 }, timeouts: { connectionSecs: 5 } }, 'TradingNodeConfig');

    expect(diffConfig(before, after)).toEqual([
      { key: 'execEngine.inflightCheckThresholdMs', before: 5000, after: 500 },
      { key: 'timeouts.connectionSecs', before: 60, after: 5 },
    ]);
    expect(diffConfig(before, before)).toEqual([]);
  });
});

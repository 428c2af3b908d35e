import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EngineError } from '../../../src/engine/index.js';
import { renderText } from '../../../src/kernel/display/index.js';
import { shortenMiddle } from '../../../src/kernel/display/render-text.js';
import { bracketTree, configChange, order, orders, positions, reconciliation, strategyChange } from './fixtures.js';

const plain = (value: unknown): string | undefined => renderText(value, { colors: false });

describe('renderText without colour', () => {
  it('renders an array of orders as a table, dropping empty optional columns', () => {
    // Arrange: three orders (limit, filled stop, denied market with a tag)
    // Act
    const out = plain(orders);
    // Assert
    expect(out).toMatchInlineSnapshot(`
      "Orders 3 (1 open)
      client order id  venue order id  strategy      instrument  side  type         quantity  filled   avg px    price  trigger  tif  status    tags
      ───────────────  ──────────────  ────────────  ──────────  ────  ───────────  ────────  ──────  ───────  ───────  ───────  ───  ────────  ────
      O-001            V-1             EmaCross-001  AUDUSD.SIM  BUY   LIMIT           10000       0           1.00010           GTC  ACCEPTED
      O-002            V-2             EmaCross-001  AUDUSD.SIM  SELL  STOP_MARKET     10000   10000  0.99490           0.99500  GTC  FILLED
      O-003                            EmaCross-001  AUDUSD.SIM  BUY   MARKET          10000       0                             IOC  DENIED    <b>"
    `);
  });

  it('renders one order as fields', () => {
    const out = plain(order({ orderListId: 'OL-1', contingencyType: 'OTO', tags: ['ENTRY'] }));
    expect(out).toMatchInlineSnapshot(`
      "Order O-001 ACCEPTED open
      venue order id  V-1
      strategy        EmaCross-001
      instrument      AUDUSD.SIM
      side            BUY
      type            LIMIT
      quantity        10000
      filled          0
      leaves          10000
      price           1.00010
      time in force   GTC
      list            OL-1 OTO
      tags            ENTRY
      events          3 events, last OrderAccepted"
    `);
  });

  it('renders positions as a table', () => {
    expect(plain(positions)).toMatchInlineSnapshot(`
      "Positions 2 (1 open)
      position id              instrument  strategy      side  quantity  avg px open  realized pnl  state
      ───────────────────────  ──────────  ────────────  ────  ────────  ───────────  ────────────  ──────
      AUDUSD.SIM-EmaCross-001  AUDUSD.SIM  EmaCross-001  LONG     10000      1.00010     12.50 USD  open
      GBPUSD.SIM-EmaCross-001  GBPUSD.SIM  EmaCross-001  FLAT         0      1.25000     -3.20 USD  closed"
    `);
  });

  it('renders one position as fields', () => {
    expect(plain(positions[0])).toMatchInlineSnapshot(`
      "Position AUDUSD.SIM-EmaCross-001 open
      instrument    AUDUSD.SIM
      strategy      EmaCross-001
      side          LONG
      quantity      10000
      signed qty    10000
      avg px open   1.00010
      realized pnl  12.50 USD"
    `);
  });

  it('renders a reconciliation result with every outcome and the run-level error', () => {
    expect(plain(reconciliation)).toMatchInlineSnapshot(`
      "Reconciliation STARTUP SIM failed in 42 ms at 2023-11-14T22:13:20.000Z
      3 orders, 1 fill, 1 position: 1 matched, 1 updated, 1 created, 1 skipped, 1 failed
      3 events applied, 1 inferred fill, 1 synthetic order, 0 external dropped
      error RECONCILIATION_QUERY_TIMEOUT: expected position reports from SIM within 5000 ms, received none
      outcome  kind      key         instrument  had                       venue said                  done
      ───────  ────────  ──────────  ──────────  ────────────────────────  ──────────────────────────  ────────────────────────────────────────────
      FAILED   fill      T-7         AUDUSD.SIM  nothing                   qty=100 px=1.00020          no order O-404 for fill
      SKIPPED  order     O-EXT       GBPUSD.SIM  nothing                   status=ACCEPTED             UNCLAIMED_EXTERNAL
      CREATED  position  AUDUSD.SIM  AUDUSD.SIM  nothing                   side=LONG quantity=5000     OrderInitialized, OrderFilled; created O-R-1
      UPDATED  order     O-002       AUDUSD.SIM  status=ACCEPTED filled=0  status=FILLED filled=10000  OrderFilled; inferred T-9-INF
      ▸ 1 matched row (keel and the venue agree; expand to list)"
    `);
  });

  it('renders a bracket tree with OTO/OUO links, the position and the UNPROTECTED flag', () => {
    expect(plain(bracketTree)).toMatchInlineSnapshot(`
      "Order list OL-1 AUDUSD.SIM EmaCross-001
      └─ O-E ENTRY BUY MARKET 10000 FILLED filled 10000/10000
         ├─ [OTO] O-SL STOP_LOSS SELL STOP_MARKET 10000 trigger 0.99500 CANCELED  [OUO ↔ O-TP]
         └─ [OTO] O-TP TAKE_PROFIT SELL LIMIT 10000 @ 1.00500 CANCELED  [OUO ↔ O-SL]
      position AUDUSD.SIM-EmaCross-001 LONG 10000 open
      UNPROTECTED stop loss and take profit canceled while the position is open"
    `);
  });

  it('renders an order family without a list, peers of root orders and no flag', () => {
    // Arrange: an OCO pair at the top level, nothing unprotected
    const tree = {
      ...bracketTree,
      orderListId: undefined,
      roots: bracketTree.roots[0]!.children.map((c) => ({ ...c, status: 'ACCEPTED' as const, isOpen: true })),
      links: [{ from: 'O-SL', to: 'O-TP', kind: 'OCO' as const }],
      position: undefined,
      unprotected: false,
    };
    expect(plain(tree)).toMatchInlineSnapshot(`
      "Order family AUDUSD.SIM EmaCross-001
      ├─ O-SL STOP_LOSS SELL STOP_MARKET 10000 trigger 0.99500 ACCEPTED  [OCO ↔ O-TP]
      └─ O-TP TAKE_PROFIT SELL LIMIT 10000 @ 1.00500 ACCEPTED  [OCO ↔ O-SL]"
    `);
  });

  it('renders a config change as a diff', () => {
    expect(plain(configChange)).toMatchInlineSnapshot(`
      "Config change CC-1 execEngine by repl at 2023-11-14T22:13:20.000Z
        inflightCheckThresholdMs: 5000 → 500
        filterUnclaimedExternalOrders: (unset) → true"
    `);
  });

  it('renders a config change that changed nothing', () => {
    expect(plain({ ...configChange, changes: [] })).toMatchInlineSnapshot(`
      "Config change CC-1 execEngine by repl at 2023-11-14T22:13:20.000Z
      no change"
    `);
  });

  it('renders an array of config changes as an audit table', () => {
    expect(plain([configChange, strategyChange])).toMatchInlineSnapshot(`
      "Config changes 2
      time                      change  target                 source    key                            before   after
      ────────────────────────  ──────  ─────────────────────  ────────  ─────────────────────────────  ───────  ───────
      2023-11-14T22:13:20.000Z  CC-1    execEngine             repl      inflightCheckThresholdMs       5000     500
      2023-11-14T22:13:20.000Z  CC-1    execEngine             repl      filterUnclaimedExternalOrders  (unset)  true
      2023-11-14T22:14:20.000Z  CC-2    strategy:EmaCross-001  notebook  omsType                        HEDGING  NETTING"
    `);
  });

  it('renders an EngineError with config issues as a table and other details as fields', () => {
    const error = new EngineError('CONFIG_INVALID', 'execEngine: expected a valid LiveExecEngineConfig, received 2 invalid keys', {
      target: 'execEngine',
      issues: [
        { path: ['inflightCheckThresholdMs'], expected: 'positive integer', received: "'fast' (string)", message: 'expected a positive integer' },
        { path: ['venues', 0, 'url'], expected: 'ws:// URL', received: "'http://x' (string)", message: 'expected a WebSocket URL' },
      ],
    });
    expect(plain(error)).toMatchInlineSnapshot(`
      "EngineError CONFIG_INVALID
      execEngine: expected a valid LiveExecEngineConfig, received 2 invalid keys
      path                      expected          received             message
      ────────────────────────  ────────────────  ───────────────────  ───────────────────────────
      inflightCheckThresholdMs  positive integer  'fast' (string)      expected a positive integer
      venues[0].url             ws:// URL         'http://x' (string)  expected a WebSocket URL
      target  execEngine"
    `);
  });

  it('renders an EngineError without details', () => {
    expect(plain(new EngineError('ORDER_UNKNOWN', "expected a known client order id, received 'O-9'"))).toMatchInlineSnapshot(`
      "EngineError ORDER_UNKNOWN
      expected a known client order id, received 'O-9'"
    `);
  });

  it('renders a ZodError with each issue key path', () => {
    // Arrange: a real zod error with a nested path and a missing key
    const schema = z.object({ execEngine: z.object({ inflightCheckIntervalMs: z.number() }), traderId: z.string() });
    const result = schema.safeParse({ execEngine: { inflightCheckIntervalMs: '2s' } });
    // Act
    const out = plain(result.error);
    // Assert
    expect(out).toMatchInlineSnapshot(`
      "ZodError 2 issues
      path                                expected  message
      ──────────────────────────────────  ────────  ──────────────────────────────────────────────────
      execEngine.inflightCheckIntervalMs  number    Invalid input: expected number, received string
      traderId                            string    Invalid input: expected string, received undefined"
    `);
  });

  it('returns undefined for values that are not keel values', () => {
    expect([plain(42), plain({ kind: 'Other' }), plain([]), plain([order(), { kind: 'Position', id: 'P' }]), plain(new Error('x'))]).toEqual([
      undefined, undefined, undefined, undefined, undefined,
    ]);
  });
});

describe('renderText fitted to a terminal width', () => {
  it('drops low-value columns first, then shortens ids in the middle; every line fits', () => {
    const wide = renderText(orders, { colors: false })!;
    const widest = Math.max(...wide.split('\n').map((l) => l.length));

    const fitted = renderText(orders, { colors: false, width: 100 })!;
    const ids = Array.from({ length: 3 }, (_, i) => ({ ...orders[i]!, clientOrderId: `O-20261203-121130-001-000-${i + 10}`, instrumentId: 'BTCUSDT-PERP.SIM' }));
    const shrunk = renderText(ids, { colors: false, width: 95 })!;

    expect(widest).toBeGreaterThan(100);
    const lines = fitted.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    const header = lines[1]!;
    expect(header).toMatch(/^client order id\s+/);
    for (const kept of ['side', 'quantity', 'price', 'status']) expect(header).toContain(kept);
    for (const dropped of ['tags', 'venue order id']) expect(header).not.toContain(dropped);
    expect(Math.max(...shrunk.split("\n").map((l) => l.length))).toBeLessThanOrEqual(95);
    expect(shrunk).toMatch(/O-\d+…[\d-]+-1[012]\s/);
  });

  it('shortens in the middle, keeping both ends of an id', () => {
    expect(shortenMiddle('O-20261203-121130-001-000-12', 13)).toBe('O-2026…000-12');
    expect(shortenMiddle('short', 13)).toBe('short');
  });
});

/** Small stubs shaped like the engine's values (Order/Position are duck-typed plain objects here). */
import { Money, Price, Quantity } from '../../../src/engine/index.js';
import type { ConfigChange, ContingentOrderTree, ReconciliationResult } from '../../../src/engine/index.js';

const T0 = 1_700_000_000_000_000_000n; // 2023-11-14T22:13:20.000Z

export function order(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'Order',
    clientOrderId: 'O-001',
    venueOrderId: 'V-1',
    strategyId: 'EmaCross-001',
    instrumentId: 'AUDUSD.SIM',
    side: 'BUY',
    type: 'LIMIT',
    quantity: Quantity.from('10000'),
    filledQty: Quantity.from('0'),
    leavesQty: Quantity.from('10000'),
    avgPx: undefined,
    price: Price.from('1.00010'),
    triggerPrice: undefined,
    timeInForce: 'GTC',
    expireTime: undefined,
    status: 'ACCEPTED',
    tags: [],
    contingencyType: 'NO_CONTINGENCY',
    orderListId: undefined,
    linkedOrderIds: [],
    parentOrderId: undefined,
    positionId: undefined,
    events: [{ type: 'OrderInitialized' }, { type: 'OrderSubmitted' }, { type: 'OrderAccepted' }],
    isOpen: true,
    ...overrides,
  };
}

export const orders = [
  order(),
  order({
    clientOrderId: 'O-002',
    venueOrderId: 'V-2',
    side: 'SELL',
    type: 'STOP_MARKET',
    price: undefined,
    triggerPrice: Price.from('0.99500'),
    status: 'FILLED',
    filledQty: Quantity.from('10000'),
    leavesQty: Quantity.from('0'),
    avgPx: Price.from('0.99490'),
    isOpen: false,
  }),
  order({
    clientOrderId: 'O-003',
    venueOrderId: undefined,
    type: 'MARKET',
    price: undefined,
    timeInForce: 'IOC',
    status: 'DENIED',
    tags: ['<b>'],
    isOpen: false,
  }),
];

export const positions = [
  {
    kind: 'Position',
    id: 'AUDUSD.SIM-EmaCross-001',
    instrumentId: 'AUDUSD.SIM',
    strategyId: 'EmaCross-001',
    side: 'LONG',
    quantity: Quantity.from('10000'),
    signedQty: '10000',
    avgPxOpen: Price.from('1.00010'),
    realizedPnl: Money.from('12.50', 'USD'),
    isOpen: true,
  },
  {
    kind: 'Position',
    id: 'GBPUSD.SIM-EmaCross-001',
    instrumentId: 'GBPUSD.SIM',
    strategyId: 'EmaCross-001',
    side: 'FLAT',
    quantity: Quantity.from('0'),
    signedQty: '0',
    avgPxOpen: Price.from('1.25000'),
    realizedPnl: Money.from('-3.20', 'USD'),
    isOpen: false,
  },
];

const noEvents = { events: [], createdOrders: [], inferredFills: [] };

export const reconciliation: ReconciliationResult = {
  kind: 'ReconciliationResult',
  trigger: 'STARTUP',
  venues: ['SIM'],
  success: false,
  error: { code: 'RECONCILIATION_QUERY_TIMEOUT', message: 'expected position reports from SIM within 5000 ms, received none' },
  tsStarted: T0,
  durationMs: 42,
  counts: {
    orders: 3, fills: 1, positions: 1, matched: 1, updated: 1, created: 1, skipped: 1, failed: 1,
    eventsApplied: 3, inferredFills: 1, syntheticOrders: 1, externalDropped: 0,
  },
  items: [
    { kind: 'order', key: 'O-001', instrumentId: 'AUDUSD.SIM', had: { status: 'ACCEPTED', filled: '0' }, venue: { status: 'ACCEPTED', filled: '0' }, outcome: 'MATCHED', ...noEvents },
    {
      kind: 'order', key: 'O-002', instrumentId: 'AUDUSD.SIM', had: { status: 'ACCEPTED', filled: '0' }, venue: { status: 'FILLED', filled: '10000' },
      outcome: 'UPDATED', events: [{ type: 'OrderFilled', eventId: 'E-1', clientOrderId: 'O-002', tradeId: 'T-9' }], createdOrders: [], inferredFills: ['T-9-INF'],
    },
    {
      kind: 'position', key: 'AUDUSD.SIM', instrumentId: 'AUDUSD.SIM', had: null, venue: { side: 'LONG', quantity: '5000' },
      outcome: 'CREATED', events: [{ type: 'OrderInitialized', eventId: 'E-2', clientOrderId: 'O-R-1' }, { type: 'OrderFilled', eventId: 'E-3', clientOrderId: 'O-R-1' }],
      createdOrders: ['O-R-1'], inferredFills: [],
    },
    { kind: 'order', key: 'O-EXT', instrumentId: 'GBPUSD.SIM', had: null, venue: { status: 'ACCEPTED' }, outcome: 'SKIPPED', rule: 'UNCLAIMED_EXTERNAL', ...noEvents },
    { kind: 'fill', key: 'T-7', instrumentId: 'AUDUSD.SIM', had: null, venue: { qty: '100', px: '1.00020' }, outcome: 'FAILED', reason: 'no order O-404 for fill', ...noEvents },
  ],
};

export const bracketTree: ContingentOrderTree = {
  kind: 'ContingentOrderTree',
  orderListId: 'OL-1',
  instrumentId: 'AUDUSD.SIM',
  strategyId: 'EmaCross-001',
  roots: [
    {
      clientOrderId: 'O-E', role: 'ENTRY', type: 'MARKET', side: 'BUY', quantity: '10000', filledQty: '10000',
      status: 'FILLED', isOpen: false, contingencyType: 'OTO',
      children: [
        { clientOrderId: 'O-SL', role: 'STOP_LOSS', type: 'STOP_MARKET', side: 'SELL', quantity: '10000', filledQty: '0', triggerPrice: '0.99500', status: 'CANCELED', isOpen: false, contingencyType: 'OUO', children: [] },
        { clientOrderId: 'O-TP', role: 'TAKE_PROFIT', type: 'LIMIT', side: 'SELL', quantity: '10000', filledQty: '0', price: '1.00500', status: 'CANCELED', isOpen: false, contingencyType: 'OUO', children: [] },
      ],
    },
  ],
  links: [
    { from: 'O-E', to: 'O-SL', kind: 'OTO' },
    { from: 'O-E', to: 'O-TP', kind: 'OTO' },
    { from: 'O-SL', to: 'O-TP', kind: 'OUO' },
  ],
  position: { id: 'AUDUSD.SIM-EmaCross-001', side: 'LONG', quantity: '10000', isOpen: true },
  unprotected: true,
  unprotectedReason: 'stop loss and take profit canceled while the position is open',
};

export const configChange: ConfigChange = {
  kind: 'ConfigChange',
  changeId: 'CC-1',
  target: 'execEngine',
  source: 'repl',
  tsEvent: T0,
  changes: [
    { key: 'inflightCheckThresholdMs', before: 5000, after: 500 },
    { key: 'filterUnclaimedExternalOrders', before: undefined, after: true },
  ],
};

export const strategyChange: ConfigChange = {
  kind: 'ConfigChange',
  changeId: 'CC-2',
  target: 'strategy:EmaCross-001',
  source: 'notebook',
  tsEvent: T0 + 60_000_000_000n,
  changes: [{ key: 'omsType', before: 'HEDGING', after: 'NETTING' }],
};

import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/engine/index.js';
import { displayBundle, renderText, toMimeBundle } from '../../../src/kernel/display/index.js';
import { configChange, order, positions } from './fixtures.js';

describe('toMimeBundle', () => {
  it('has plain text, HTML and JSON for a keel value', () => {
    // Arrange
    const o = order();
    // Act
    const bundle = toMimeBundle(o)!;
    // Assert
    expect(Object.keys(bundle).sort()).toEqual(['application/json', 'text/html', 'text/plain']);
    expect(bundle['text/plain']).toBe(renderText(o, { colors: false }));
    expect(bundle['text/html']).toMatch(/^<div class="keel-view keel-Order"/);
  });

  it('puts decimals and bigints into the JSON as strings', () => {
    const bundle = toMimeBundle(configChange)!;
    expect(bundle['application/json']).toEqual({
      kind: 'ConfigChange',
      changeId: 'CC-1',
      target: 'execEngine',
      source: 'repl',
      tsEvent: '1700000000000000000',
      changes: [
        { key: 'inflightCheckThresholdMs', before: 5000, after: 500 },
        { key: 'filterUnclaimedExternalOrders', after: true },
      ],
    });
    const json = toMimeBundle(positions[0])!['application/json'] as Record<string, unknown>;
    expect([json.quantity, json.avgPxOpen, json.realizedPnl]).toEqual(['10000', '1.00010', '12.50 USD']);
  });

  it('gives an order its public fields and an EngineError its code and details', () => {
    const o = toMimeBundle(order())!['application/json'] as Record<string, unknown>;
    expect([o.clientOrderId, o.price, o.status, o.events]).toEqual([
      'O-001', '1.00010', 'ACCEPTED', [{ type: 'OrderInitialized' }, { type: 'OrderSubmitted' }, { type: 'OrderAccepted' }],
    ]);
    const e = toMimeBundle(new EngineError('RATE_INVALID', 'expected ≤ 1 order/s, received 3', { rate: 3n }))!;
    expect(e['application/json']).toEqual({ name: 'EngineError', code: 'RATE_INVALID', message: 'expected ≤ 1 order/s, received 3', details: { rate: '3' } });
  });

  it('is undefined for other values; displayBundle falls back to inspect text', () => {
    expect(toMimeBundle({ a: 1 })).toBeUndefined();
    expect(displayBundle({ a: 1n })).toEqual({ 'text/plain': '{ a: 1n }' });
  });

  it('survives cycles in arbitrary data', () => {
    const cyclic: Record<string, unknown> = { kind: 'Position', id: 'P-1' };
    cyclic.self = cyclic;
    const json = toMimeBundle([cyclic])!['application/json'] as Record<string, unknown>[];
    expect(json[0]!.id).toBe('P-1');
  });
});

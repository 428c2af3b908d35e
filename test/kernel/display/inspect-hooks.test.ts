import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { installInspectHooks, inspectValue } from '../../../src/kernel/display/index.js';
import { order, orders } from './fixtures.js';

class FakeOrder {
  constructor(fields: Record<string, unknown>) {
    Object.assign(this, fields);
  }
}

let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

describe('installInspectHooks', () => {
  it('shows a keel object as its view at the top level, coloured only when asked', () => {
    // Arrange
    uninstall = installInspectHooks([FakeOrder]);
    const o = new FakeOrder(order());
    // Act
    const plain = inspect(o, { colors: false });
    const colored = inspect(o, { colors: true });
    // Assert
    expect(plain.split('\n')[0]).toBe('Order O-001 ACCEPTED open');
    expect(plain).not.toContain('\u001b[');
    expect(colored).toContain('\u001b[');
  });

  it('shows one line per object when nested in an array', () => {
    uninstall = installInspectHooks([FakeOrder]);
    const out = inspect([new FakeOrder(order())], { colors: false });
    expect(out).toBe('[ Order(O-001 BUY 10000 AUDUSD.SIM LIMIT @ 1.00010 ACCEPTED) ]');
  });

  it('can be removed again', () => {
    installInspectHooks([FakeOrder])();
    expect(inspect(new FakeOrder({ kind: 'Order', clientOrderId: 'O-9' }))).toMatch(/^FakeOrder \{/);
  });
});

describe('inspectValue (the REPL writer)', () => {
  it('renders an array of orders as one table and other values as inspect does', () => {
    expect(inspectValue(orders).split('\n')[0]).toBe('Orders 3 (1 open)');
    expect(inspectValue({ a: 1 })).toBe('{ a: 1 }');
  });
});

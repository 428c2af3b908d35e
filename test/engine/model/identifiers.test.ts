import { describe, expect, it } from 'vitest';
import { ClientOrderIdGenerator, OrderListIdGenerator, PositionIdGenerator, externalClientOrderId, flipPositionId, formatIdTimestamp, idTag, maxIdCount, nettingPositionId, newEventId, syntheticId } from '../../../src/engine/model/identifiers.js';
import type { Clock } from '../../../src/engine/index.js';

/** Just enough Clock for id generation: a settable time. */
function fixedClock(ns: bigint): Clock & { set(ns: bigint): void } {
  let now = ns;
  const unused = (): never => {
    throw new Error('not used by id generators');
  };
  return {
    set: (t: bigint) => {
      now = t;
    },
    timestampNs: () => now,
    timestampMs: () => Number(now / 1_000_000n),
    setTimeAlert: unused,
    setTimer: unused,
    cancelTimer: unused,
    cancelTimers: unused,
    timerNames: () => [],
    nextTimeNs: () => undefined,
  };
}

describe('identifiers', () => {
  it('takes the tag after the last dash', () => {
    expect(idTag('TRADER-001')).toBe('001');
    expect(idTag('EMACross-001')).toBe('001');
    expect(idTag('My-Strat-042')).toBe('042');
    expect(() => idTag('TRADER')).toThrow(expect.objectContaining({ code: 'ID_TAG_MISSING' }));
  });

  it.each([
    [0n, '19700101-000000'],
    [1_700_000_000_123_456_789n, '20231114-221320'],
    [951_782_400_000_000_000n, '20000229-000000'],
    [4_102_444_799_000_000_000n, '20991231-235959'],
    [-1n, '19691231-235959'],
  ])('formats %s ns as %s UTC', (ns, expected) => {
    expect(formatIdTimestamp(ns)).toBe(expected);
  });

  it('formats the same second the same way whichever instant of it comes first, and the next second anew', () => {
    const seq = [1_700_000_000_999_999_999n, 1_700_000_000_000_000_000n, 1_700_000_001_000_000_000n, 1_699_999_999_999_999_999n, -1n, -1_000_000_000n, -1_000_000_001n, 0n];
    expect(seq.map(formatIdTimestamp)).toEqual(['20231114-221320', '20231114-221320', '20231114-221321', '20231114-221319', '19691231-235959', '19691231-235959',
      '19691231-235958', '19700101-000000']);
  });

  it('generates client order ids counted per strategy from 1', () => {
    // Arrange
    const clock = fixedClock(0n);
    const a = new ClientOrderIdGenerator('TRADER-001', 'EMACross-001', clock);
    const b = new ClientOrderIdGenerator('TRADER-001', 'Other-002', clock);
    // Act
    const ids = [a.generate(), a.generate(), b.generate()];
    clock.set(1_700_000_000_000_000_000n);
    ids.push(a.generate());
    // Assert
    expect(ids).toEqual([
      'O-19700101-000000-001-001-1',
      'O-19700101-000000-001-001-2',
      'O-19700101-000000-001-002-1',
      'O-20231114-221320-001-001-3',
    ]);
  });

  it('continues the count after a restart, from a number or from existing ids', () => {
    // Arrange
    const clock = fixedClock(0n);
    const existing = ['O-20231114-221320-001-001-7', 'O-20231114-221320-001-001-12', 'O-20231114-221320-001-002-99', 'V-SIM-5'];
    const fromIds = new ClientOrderIdGenerator('TRADER-001', 'EMACross-001', clock);
    const fromCount = new ClientOrderIdGenerator('TRADER-001', 'EMACross-001', clock);
    // Act
    fromIds.setCountFromIds(existing);
    fromCount.setCount(41);
    // Assert
    expect(maxIdCount(existing, 'O', '001', '001')).toBe(12);
    expect(fromIds.generate()).toBe('O-19700101-000000-001-001-13');
    expect(fromCount.generate()).toBe('O-19700101-000000-001-001-42');
    expect(() => fromCount.setCount(-1)).toThrow(expect.objectContaining({ code: 'ID_COUNT_INVALID' }));
  });

  it('generates order list ids with their own count', () => {
    // Arrange
    const clock = fixedClock(0n);
    const orders = new ClientOrderIdGenerator('TRADER-001', 'EMACross-001', clock);
    const lists = new OrderListIdGenerator('TRADER-001', 'EMACross-001', clock);
    // Act
    orders.generate();
    orders.generate();
    // Assert
    expect(lists.generate()).toBe('OL-19700101-000000-001-001-1');
  });

  it('generates HEDGING position ids per strategy; a flip adds F (scenario 23)', () => {
    // Arrange
    const gen = new PositionIdGenerator('TRADER-001', fixedClock(0n));
    // Act
    const first = gen.generate('EMACross-001');
    const other = gen.generate('Other-002');
    const second = gen.generate('EMACross-001');
    // Assert
    expect(first).toBe('P-19700101-000000-001-001-1');
    expect(flipPositionId(first)).toBe('P-19700101-000000-001-001-1F');
    expect(other).toBe('P-19700101-000000-001-002-1');
    expect(second).toBe('P-19700101-000000-001-001-2');
    expect(gen.count('EMACross-001')).toBe(2);
  });

  it('continues HEDGING position counts from existing ids, flip ids included', () => {
    // Arrange
    const gen = new PositionIdGenerator('TRADER-001', fixedClock(0n));
    // Act
    gen.setCountFromIds('EMACross-001', ['P-19700101-000000-001-001-3', 'P-19700101-000000-001-001-4F']);
    // Assert
    expect(gen.generate('EMACross-001')).toBe('P-19700101-000000-001-001-5');
  });

  it('names the NETTING position and external orders deterministically', () => {
    expect(nettingPositionId('AUDUSD.SIM', 'EMACross-001')).toBe('AUDUSD.SIM-EMACross-001');
    expect(externalClientOrderId('SIM', '12345')).toBe('V-SIM-12345');
    expect(externalClientOrderId('SIM', '12345')).toBe(externalClientOrderId('SIM', '12345'));
  });

  it('hashes synthetic ids deterministically and keeps part boundaries', () => {
    // Arrange / Act
    const a = syntheticId('S', 'AUDUSD.SIM', 'BUY', '100000', 5n);
    const again = syntheticId('S', 'AUDUSD.SIM', 'BUY', '100000', 5n);
    const split1 = syntheticId('S', 'ab', 'c');
    const split2 = syntheticId('S', 'a', 'bc');
    // Assert
    expect(a).toMatch(/^S-[0-9a-f]{16}$/);
    expect(again).toBe(a);
    expect(split1).not.toBe(split2);
  });

  it('keeps synthetic ids journaled by earlier versions: the first 16 hex digits of SHA-256 over the parts joined by U+001F, undefined as empty', () => {
    // Reconciliation's ids are derived, not stored elsewhere: a journal written before must yield the same ones.
    expect(syntheticId('S', 'AUDUSD.SIM', undefined, 'BUY', '100000', 5n)).toBe('S-2d7e41b34e52d435');
  });

  it('makes unique event ids', () => {
    expect(newEventId()).not.toBe(newEventId());
    expect(newEventId()).toMatch(/^[0-9a-f-]{36}$/);
  });
});

import { describe, expect, it } from 'vitest';
import { TestClock } from '../../../../src/engine/core/test-clock.js';
import { MemoryLogger } from '../../../../src/engine/core/logger.js';
import { BoundedQueue } from '../../../../src/engine/execution/live/bounded-queue.js';

function manualQueue(capacity: number, clock = new TestClock(), logger = new MemoryLogger()) {
  const seen: number[] = [];
  const errors: unknown[] = [];
  const queue = new BoundedQueue<number>({
    name: 'event', capacity, clock, logger, handler: (n) => { if (n < 0) throw new Error(`bad ${n}`); seen.push(n); },
    onError: (e) => errors.push(e), schedule: () => {}, keyOf: (n) => `k${n % 3}`,
  });
  return { queue, seen, errors, clock, logger };
}

describe('BoundedQueue', () => {
  it('back-pressures at capacity without dropping and keeps FIFO order', () => {
    const { queue, seen } = manualQueue(3);
    const accepted = [1, 2, 3, 4, 5].map((n) => queue.push(n));
    expect(accepted).toEqual([true, true, true, false, false]);
    expect([queue.queued, queue.waiting, queue.backPressured]).toEqual([3, 2, 2]);
    queue.drainNow();
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(queue.size).toBe(0);
  });

  it('warns at most once a second through the clock', () => {
    const { queue, logger, clock } = manualQueue(1);
    for (let i = 0; i < 10; i++) queue.push(i);
    expect(logger.at('warn')).toHaveLength(1);
    clock.advanceBy(999_000_000n);
    queue.push(11);
    expect(logger.at('warn')).toHaveLength(1);
    clock.advanceBy(1_000_000n);
    queue.push(12);
    expect(logger.at('warn')).toHaveLength(2);
  });

  it('a new message never overtakes one waiting in the overflow', () => {
    const { queue, seen } = manualQueue(2);
    [1, 2, 3].forEach((n) => queue.push(n));
    queue.resize(10);
    queue.push(4);
    queue.drainNow();
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('refuses a capacity below the queued count and keeps the old one', () => {
    const { queue } = manualQueue(5);
    [1, 2, 3, 4].forEach((n) => queue.push(n));
    expect(() => queue.resize(3)).toThrowError(expect.objectContaining({ code: 'QSIZE_BELOW_QUEUED' }));
    expect(queue.capacity).toBe(5);
  });

  it('tracks keys of queued messages', () => {
    const { queue } = manualQueue(5);
    queue.push(4);
    expect([queue.holds('k1'), queue.holds('k2')]).toEqual([true, false]);
    queue.drainNow();
    expect(queue.holds('k1')).toBe(false);
  });

  it('knows the keys of messages in the overflow, not of those handled, across compaction', () => {
    const clock = new TestClock();
    const during: boolean[] = [];
    let label = 'a';
    let queue: BoundedQueue<number> | undefined;
    // The key is taken when a message is pushed (labels change afterwards), as the live engine's report keys are.
    const q = new BoundedQueue<number>({ name: 'event', capacity: 1500, clock, schedule: () => {}, onError: () => {}, keyOf: (n) => (n === 2999 ? `${label}-last` : `k${n}`),
      handler: (n) => { if (n === 1400) during.push(queue!.holds('k1400'), queue!.holds('k1401'), queue!.holds('k2500')); } });
    queue = q;
    for (let i = 0; i < 3000; i++) q.push(i);
    label = 'b';
    expect([q.queued, q.waiting]).toEqual([1500, 1500]);
    expect([q.holds('k0'), q.holds('k1499'), q.holds('k1500'), q.holds('k2998'), q.holds('a-last'), q.holds('b-last'), q.holds('k3000')]).toEqual([true, true, true, true, true, false, false]);
    q.drainNow();
    expect(during).toEqual([false, true, true]);
    expect([q.holds('k0'), q.holds('k2998'), q.holds('a-last'), q.size]).toEqual([false, false, false, 0]);
    q.push(7);
    expect([q.holds('k7'), q.holds('k0')]).toEqual([true, false]);
  });

  it('reports a throwing handler and goes on with the next message', () => {
    const { queue, seen, errors } = manualQueue(5);
    [1, -2, 3].forEach((n) => queue.push(n));
    queue.drainNow();
    expect(seen).toEqual([1, 3]);
    expect(errors).toHaveLength(1);
  });

  it('drains asynchronously by default and resolves whenIdle', async () => {
    const seen: number[] = [];
    const queue = new BoundedQueue<number>({ name: 'cmd', capacity: 2, clock: new TestClock(), handler: (n) => seen.push(n), onError: () => {} });
    for (let i = 0; i < 100; i++) queue.push(i);
    expect(seen).toEqual([]);
    await queue.whenIdle();
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => manualQueue(0)).toThrowError(expect.objectContaining({ code: 'QSIZE_INVALID' }));
  });
});

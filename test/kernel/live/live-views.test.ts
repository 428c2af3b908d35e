/**
 * Live views of a node driven by a real MessageBus and a stub node, a virtual-time scheduler and a
 * recording sink: which events redraw which view, how bursts coalesce, settled() and stop().
 */
import { describe, expect, it } from 'vitest';
import { MessageBus, topics } from '../../../src/engine/bus/index.js';
import type { DisplayOptions, Schedule } from '../../../src/kernel/display/index.js';
import { createLive, type LiveNode } from '../../../src/kernel/live/index.js';

function fakeScheduler(): { schedule: Schedule; advance: (ms: number) => void } {
  let now = 0;
  let timers: { at: number; fn: () => void; live: boolean }[] = [];
  const schedule: Schedule = (fn, ms) => {
    const t = { at: now + ms, fn, live: true };
    timers.push(t);
    return () => { t.live = false; };
  };
  const advance = (ms: number): void => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      due.live = false;
      now = due.at;
      due.fn();
    }
    now = end;
    timers = timers.filter((t) => t.live);
  };
  return { schedule, advance };
}

interface Push { readonly value: unknown; readonly options: DisplayOptions }

function setup() {
  const bus = new MessageBus();
  const orders: { kind: 'Order'; clientOrderId: string; status: string; strategyId: string }[] = [];
  const positions: { kind: 'Position'; id: string; isOpen: boolean }[] = [];
  const node: LiveNode = {
    bus,
    cache: {
      orders: (f) => orders.filter((o) => f?.strategyId === undefined || o.strategyId === f.strategyId),
      positions: () => positions,
    },
    orderTree: (id) => ({ kind: 'ContingentOrderTree', id, roots: [] }) as never,
    lastReconciliation: undefined,
    configChanges: [],
  };
  const pushes: Push[] = [];
  const clock = fakeScheduler();
  const live = createLive(node, { schedule: clock.schedule, display: (value, options) => pushes.push({ value, options }) });
  const orderEvent = (clientOrderId: string, status: string, strategyId = 'S-001') => {
    const existing = orders.find((o) => o.clientOrderId === clientOrderId);
    if (existing) existing.status = status;
    else orders.push({ kind: 'Order', clientOrderId, status, strategyId });
    bus.publish(topics.orderEvents(strategyId), { type: 'OrderAccepted', clientOrderId });
  };
  return { bus, node, orders, positions, pushes, clock, live, orderEvent };
}

const statuses = (p: Push | undefined): string[] => (p?.value as { status: string }[]).map((o) => o.status);

describe('live views of a node', () => {
  it('shows at once (display_data), then redraws the same display id on order events', () => {
    // Arrange
    const t = setup();

    // Act
    const view = t.live.orders();
    t.clock.advance(200);
    t.orderEvent('O-1', 'SUBMITTED');

    // Assert
    expect(t.pushes.map((p) => p.options)).toEqual([
      { displayId: view.displayId, update: false },
      { displayId: view.displayId, update: true },
    ]);
    expect(t.pushes[0]!.value).toBe('orders: none yet');
    expect(statuses(t.pushes[1])).toEqual(['SUBMITTED']);
  });

  it('coalesces a burst of 50 events in 100 ms into one trailing push of the final state', () => {
    // Arrange
    const t = setup();
    const view = t.live.orders();

    // Act: a burst inside the first interval, then the interval ends
    for (let i = 0; i < 50; i++) t.orderEvent(`O-${i}`, i % 2 === 0 ? 'ACCEPTED' : 'FILLED');
    const beforeEnd = t.pushes.length;
    t.clock.advance(100);

    // Assert
    expect(beforeEnd).toBe(1);
    expect(t.pushes).toHaveLength(2);
    expect(statuses(t.pushes[1])).toHaveLength(50);
    expect([view.events, view.pushes]).toEqual([50, 2]);
  });

  it('keeps to 10 pushes a second however many events arrive', () => {
    // Arrange
    const t = setup();
    const view = t.live.orders();

    // Act: 1000 events spread over one second (one per ms)
    for (let ms = 0; ms < 1000; ms++) {
      t.orderEvent('O-1', ms % 2 === 0 ? 'ACCEPTED' : 'PARTIALLY_FILLED');
      t.clock.advance(1);
    }

    // Assert: the first display plus one per 100 ms interval
    expect(view.events).toBe(1000);
    expect(view.pushes).toBeLessThanOrEqual(11);
    expect(view.pushes).toBeGreaterThanOrEqual(10);
  });

  it('listens to one strategy\'s topic when filtered, and ignores topics it does not watch', () => {
    // Arrange
    const t = setup();
    const mine = t.live.orders({ strategyId: 'S-002' });
    const positions = t.live.positions();
    t.clock.advance(200);

    // Act
    t.orderEvent('O-1', 'ACCEPTED', 'S-001');
    t.orderEvent('O-2', 'ACCEPTED', 'S-002');
    t.bus.publish(topics.configChanges, { kind: 'ConfigChange' });
    t.bus.publish(topics.quotes('AUDUSD.SIM'), {});

    // Assert
    const minePushes = t.pushes.filter((p) => p.options.displayId === mine.displayId);
    expect(minePushes.map((p) => p.value)).toEqual(['orders (strategyId=S-002): none yet',
      [{ kind: 'Order', clientOrderId: 'O-2', status: 'ACCEPTED', strategyId: 'S-002' }]]);
    // Positions redraw on order events too (fills move them), not on quotes or config changes.
    expect(positions.events).toBe(2);
  });

  it('settled() waits for the trailing push, then resolves', async () => {
    // Arrange
    const t = setup();
    t.live.orders();
    t.orderEvent('O-1', 'SUBMITTED');
    let settled = false;

    // Act
    const waiting = t.live.settled().then(() => { settled = true; });
    await Promise.resolve();
    const early = settled;
    t.clock.advance(100);
    await waiting;

    // Assert
    expect(early).toBe(false);
    expect(settled).toBe(true);
    expect(statuses(t.pushes.at(-1))).toEqual(['SUBMITTED']);
  });

  it('stop() unsubscribes: no more pushes, and the view leaves live.views', () => {
    // Arrange
    const t = setup();
    const view = t.live.orders();
    const tree = t.live.tree('OL-1');
    t.clock.advance(200);

    // Act
    view.stop();
    t.orderEvent('O-1', 'ACCEPTED');
    t.clock.advance(200);

    // Assert
    expect(t.pushes.filter((p) => p.options.displayId === view.displayId)).toHaveLength(1);
    expect(t.live.views).toEqual([tree]);
    // The tree still listens: shown once, redrawn once by the event.
    expect(t.pushes.filter((p) => p.options.displayId === tree.displayId)).toHaveLength(2);
  });

  it('live.of(other) watches the other node only', () => {
    // Arrange
    const t = setup();
    const other = setup();
    const view = t.live.of(other.node).orders({}, { schedule: t.clock.schedule, display: (v, o) => t.pushes.push({ value: v, options: o }) });
    t.clock.advance(200);

    // Act
    t.orderEvent('O-MAIN', 'ACCEPTED');
    other.orderEvent('O-OTHER', 'ACCEPTED');

    // Assert
    expect(view.events).toBe(1);
    expect((t.pushes.at(-1)!.value as { clientOrderId: string }[])[0]!.clientOrderId).toBe('O-OTHER');
  });
});

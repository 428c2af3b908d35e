import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/engine/index.js';
import { LiveView, type DisplayOptions, type Schedule } from '../../../src/kernel/display/index.js';

/** A deterministic scheduler: virtual time, advanced by hand. */
function fakeScheduler(): { schedule: Schedule; advance: (ms: number) => void; now: () => number; pending: () => number } {
  let now = 0;
  let timers: { at: number; fn: () => void; live: boolean }[] = [];
  const schedule: Schedule = (fn, ms) => {
    const t = { at: now + ms, fn, live: true };
    timers.push(t);
    return () => {
      t.live = false;
    };
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
  return { schedule, advance, now: () => now, pending: () => timers.filter((t) => t.live).length };
}

function recorder(): { pushes: { value: unknown; options: DisplayOptions }[]; sink: (value: unknown, options: DisplayOptions) => void } {
  const pushes: { value: unknown; options: DisplayOptions }[] = [];
  return { pushes, sink: (value, options) => pushes.push({ value, options }) };
}

describe('LiveView', () => {
  it('coalesces 20 invalidations within 100 ms into at most 2 pushes, the last state shown', () => {
    // Arrange
    const clock = fakeScheduler();
    const { pushes, sink } = recorder();
    let state = 0;
    const view = new LiveView({ get: () => state, displayId: 'orders', schedule: clock.schedule, display: sink });
    // Act: 20 changes, one every 5 ms
    for (let i = 1; i <= 20; i++) {
      state = i;
      view.invalidate();
      clock.advance(5);
    }
    clock.advance(1_000);
    // Assert
    expect(pushes.length).toBeLessThanOrEqual(2);
    expect(pushes.map((p) => p.value)).toEqual([1, 20]);
    expect(pushes.map((p) => p.options)).toEqual([
      { displayId: 'orders', update: false },
      { displayId: 'orders', update: true },
    ]);
    expect(clock.pending()).toBe(0);
  });

  it('keeps to 10 pushes per second under a steady stream and always ends on the last state', () => {
    const clock = fakeScheduler();
    const { pushes, sink } = recorder();
    let state = 0;
    const view = new LiveView({ get: () => state, schedule: clock.schedule, display: sink });
    for (let i = 1; i <= 1000; i++) {
      state = i;
      view.invalidate();
      clock.advance(1);
    }
    clock.advance(500);
    expect(pushes.length).toBeLessThanOrEqual(11);
    expect(pushes.at(-1)!.value).toBe(1000);
  });

  it('pushes at once when idle longer than the interval', () => {
    const clock = fakeScheduler();
    const { pushes, sink } = recorder();
    const view = new LiveView({ get: () => clock.now(), schedule: clock.schedule, display: sink }).show();
    clock.advance(250);
    view.invalidate();
    expect(pushes.map((p) => p.value)).toEqual([0, 250]);
  });

  it('stops: no trailing push after stop, later invalidations ignored', () => {
    const clock = fakeScheduler();
    const { pushes, sink } = recorder();
    const view = new LiveView({ get: () => 'x', schedule: clock.schedule, display: sink });
    view.invalidate();
    view.invalidate();
    view.stop();
    view.invalidate();
    clock.advance(1_000);
    expect([pushes.length, view.stopped, clock.pending()]).toEqual([1, true, 0]);
  });

  it('shows the error when the getter throws instead of throwing from a timer', () => {
    const { pushes, sink } = recorder();
    const boom = new EngineError('ENGINE_DISPOSED', 'expected a live cache, received a disposed one');
    const view = new LiveView({ get: () => { throw boom; }, schedule: fakeScheduler().schedule, display: sink });
    view.invalidate();
    expect(pushes[0]!.value).toBe(boom);
  });
});

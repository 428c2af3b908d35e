import { describe, expect, it } from 'vitest';
import { TestClock } from '../../../src/engine/core/test-clock.js';
import { LiveClock } from '../../../src/engine/core/live-clock.js';
import type { TimeEvent } from '../../../src/engine/core/clock.js';

describe('TestClock', () => {
  it('fires due timers and alerts in time order and returns them', () => {
    // Arrange
    const clock = new TestClock(0n);
    const seen: string[] = [];
    clock.setTimer('every-10', 10n, (e) => seen.push(`${e.name}@${e.tsEvent}`));
    clock.setTimeAlert('alert-15', 15n, (e) => seen.push(`${e.name}@${e.tsEvent}`));
    clock.setTimeAlert('alert-5', 5n, (e) => seen.push(`${e.name}@${e.tsEvent}`));

    // Act
    const fired = clock.advanceTo(30n);

    // Assert
    expect(seen).toEqual(['alert-5@5', 'every-10@10', 'alert-15@15', 'every-10@20', 'every-10@30']);
    expect(fired.map((e) => e.tsEvent)).toEqual([5n, 10n, 15n, 20n, 30n]);
    expect(clock.timestampNs()).toBe(30n);
    expect(clock.timerNames()).toEqual(['every-10']);
    expect(clock.nextTimeNs('every-10')).toBe(40n);
  });

  it('reads the event time inside a handler, and honours timers set by handlers', () => {
    const clock = new TestClock(100n);
    const readings: bigint[] = [];
    clock.setTimeAlert('first', 110n, () => {
      readings.push(clock.timestampNs());
      clock.setTimeAlert('second', 115n, () => readings.push(clock.timestampNs()));
    });

    const fired = clock.advanceTo(200n);

    expect(readings).toEqual([110n, 115n]);
    expect(fired.map((e: TimeEvent) => e.name)).toEqual(['first', 'second']);
  });

  it('cancels a timer, lists names sorted, and setTime moves without firing', () => {
    const clock = new TestClock(0n);
    const noop = () => {};
    clock.setTimeAlert('GTD-EXPIRY:O-2', 50n, noop);
    clock.setTimeAlert('GTD-EXPIRY:O-1', 60n, noop);
    clock.setTimer('b-timer', 10n, noop);

    clock.cancelTimer('b-timer');
    clock.setTime(55n);

    expect(clock.timerNames()).toEqual(['GTD-EXPIRY:O-1', 'GTD-EXPIRY:O-2']);
    expect(clock.advanceTo(55n).map((e) => e.name)).toEqual(['GTD-EXPIRY:O-2']);
    clock.cancelTimers();
    expect(clock.timerNames()).toEqual([]);
  });

  it('stops a repeating timer after its stop time and rejects moving backwards', () => {
    const clock = new TestClock(0n);
    clock.setTimer('t', 10n, () => {}, { stopTimeNs: 25n });

    const fired = clock.advanceTo(100n);

    expect(fired.map((e) => e.tsEvent)).toEqual([10n, 20n]);
    expect(clock.timerNames()).toEqual([]);
    expect(() => clock.advanceTo(50n)).toThrow(/expected a time >= 100 ns, received 50 ns/);
  });

  it('fires an alert set in the past at the next advance, without moving time backwards', () => {
    const clock = new TestClock(1_000n);
    clock.setTimeAlert('late', 10n, () => {});

    const fired = clock.advanceTo(1_000n);

    expect(fired).toHaveLength(1);
    expect(fired[0]!.tsEvent).toBe(10n);
    expect(fired[0]!.tsInit).toBe(1_000n);
  });
});

describe('LiveClock', () => {
  it('reads nanoseconds near the wall clock', () => {
    const clock = new LiveClock();
    const wallMs = Date.now();
    expect(Math.abs(clock.timestampMs() - wallMs)).toBeLessThan(1_000);
    expect(clock.timestampNs()).toBeGreaterThan(BigInt(wallMs - 1_000) * 1_000_000n);
  });

  it('fires an alert at (not before) its time, and unrefs its timeouts', async () => {
    // Arrange
    const clock = new LiveClock();
    const due = clock.timestampNs() + 20_000_000n;
    const activeBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

    // Act
    const fired = new Promise<{ event: TimeEvent; at: bigint }>((resolve) =>
      clock.setTimeAlert('soon', due, (event) => resolve({ event, at: clock.timestampNs() })));
    const activeAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const { event, at } = await fired;

    // Assert: an unref'd timeout does not count as an active resource keeping the loop alive
    expect(activeAfter).toBe(activeBefore);
    expect(event.tsEvent).toBe(due);
    expect(at >= due).toBe(true);
    expect(clock.timerNames()).toEqual([]);
  });

  it('re-arms a repeating timer from its scheduled times (no drift) and cancels it', async () => {
    const clock = new LiveClock();
    const events: TimeEvent[] = [];
    await new Promise<void>((resolve) => {
      clock.setTimer('tick', 5_000_000n, (e) => {
        events.push(e);
        if (events.length === 3) { clock.cancelTimer('tick'); resolve(); }
      });
    });
    expect(events[1]!.tsEvent - events[0]!.tsEvent).toBe(5_000_000n);
    expect(events[2]!.tsEvent - events[1]!.tsEvent).toBe(5_000_000n);
    expect(clock.timerNames()).toEqual([]);
  });

  it('reports a throwing handler instead of crashing', async () => {
    const errors: string[] = [];
    const clock = new LiveClock({ onHandlerError: (err, name) => errors.push(`${name}: ${String(err)}`) });
    await new Promise<void>((resolve) => {
      clock.setTimeAlert('boom', clock.timestampNs(), () => { setImmediate(resolve); throw new Error('bad'); });
    });
    expect(errors).toEqual(['boom: Error: bad']);
  });
});

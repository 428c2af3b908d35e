/**
 * How long a cell held the event loop: while it held it, the node could not read venue events, run its
 * timers or answer interrupts. A heartbeat timer runs while the cell does; the longest gap between two
 * beats (or between the last beat and the cell's end) is the longest stretch the loop did not turn. It
 * sees a synchronous loop anywhere: in the cell, in an awaited continuation, in an imported function.
 *
 * Not perf_hooks' monitorEventLoopDelay: its first sample only sets a baseline, so a block in the very
 * turn it was enabled (a cell's synchronous part) is never recorded.
 */
import { performance } from 'node:perf_hooks';

/** A cell that held the loop this long or longer draws a warning. */
export const LOOP_HELD_WARN_MS = 1000;

const BEAT_MS = 20;

export interface LoopWatch {
  /** The longest stretch the loop was held since the watch started, in ms (0 when under the threshold). */
  stop(): number;
}

export function watchLoop(): LoopWatch {
  let last = performance.now();
  let longest = 0;
  const beat = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, BEAT_MS);
  // The heartbeat must never keep a process alive on its own.
  beat.unref();
  return {
    stop(): number {
      clearInterval(beat);
      // A block that ended the cell has had no beat after it yet: measure it up to now.
      const heldMs = Math.max(longest, performance.now() - last);
      return heldMs >= LOOP_HELD_WARN_MS ? heldMs : 0;
    },
  };
}

/**
 * One line naming the cell (its label and first line), how long it held the loop, and what that did to the
 * node: an inline node waited; a node in its own process (`nodeApart`) did not.
 */
export function loopHeldWarning(label: string, code: string, heldMs: number, nodeApart = false): string {
  const firstLine = code.trim().split('\n')[0] ?? '';
  const shown = firstLine.length > 60 ? `${firstLine.slice(0, 59)}…` : firstLine;
  const seconds = (Math.floor(heldMs / 100) / 10).toFixed(1);
  const effect = nodeApart ? 'the node runs in its own process and was not delayed' : 'the node could not process venue events meanwhile';
  return `keel: ${label} (${shown}) held the event loop for ${seconds} s (${effect})`;
}

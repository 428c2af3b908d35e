import { z } from 'zod';

/**
 * What goes wrong at the venue, on request (tests, demos, chaos runs):
 * - drop-acks {count}: the next `count` commands are executed but their acks/fill events are not sent
 *   (queries still answer, so in-flight checks can recover);
 * - silent: no acks, no events, no query answers until cleared (market data still flows);
 * - delay {ms}: every outgoing message is held back `ms` milliseconds (order kept);
 * - disconnect: every trading connection is closed once (clients may reconnect).
 */
export const FaultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('drop-acks'), count: z.number().int().positive() }),
  z.object({ kind: z.literal('silent') }),
  z.object({ kind: z.literal('delay'), ms: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('disconnect') }),
]);
export type Fault = z.infer<typeof FaultSchema>;

export class FaultState {
  dropAcks = 0;
  silent = false;
  delayMs = 0;

  /** True when this command's acks are to be dropped (and counts it). */
  takeDropAck(): boolean {
    if (this.dropAcks <= 0) return false;
    this.dropAcks--;
    return true;
  }

  clear(): void {
    this.dropAcks = 0;
    this.silent = false;
    this.delayMs = 0;
  }

  describe(): { dropAcks: number; silent: boolean; delayMs: number } {
    return { dropAcks: this.dropAcks, silent: this.silent, delayMs: this.delayMs };
  }
}

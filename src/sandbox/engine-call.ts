import type { WireOrderEvent } from '../engine/venue/sandbox/protocol/messages.js';

/** One event the matching engine caused, addressed to an account (with the request it answers, if any). */
export interface EngineOutput {
  readonly accountId: string;
  readonly reqId?: string;
  readonly event: WireOrderEvent;
}

/**
 * One engine call's frame: its time, the request it answers, and the outputs it has produced so far.
 * `begin`/`end` bracket a call (the hot path's submit allocates no closure); `run` for the others.
 */
export abstract class EngineCall {
  private out: EngineOutput[] = [];
  private reqId: string | undefined;
  protected now = 0n;

  protected run(opts: { now: bigint; reqId?: string | undefined }, body: () => void): EngineOutput[] {
    this.begin(opts);
    body();
    return this.end();
  }

  protected begin(opts: { now: bigint; reqId?: string | undefined }): void {
    this.out = [];
    this.reqId = opts.reqId;
    this.now = opts.now;
  }

  protected end(): EngineOutput[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** One output, `reqId` between `accountId` and `event` when the call has one (the shape clients have always seen). */
  protected push(accountId: string, event: WireOrderEvent): void {
    this.out.push(this.reqId !== undefined ? { accountId, reqId: this.reqId, event } : { accountId, event });
  }
}

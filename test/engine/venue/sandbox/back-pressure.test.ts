import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveClock } from '../../../../src/engine/core/live-clock.js';
import { SandboxVenue } from '../../../../src/sandbox/sandbox-venue.js';
import { SandboxExecutionClient } from '../../../../src/engine/venue/sandbox/index.js';
import { RecordingSink, submitLimit } from './helpers.js';
import { until } from '../../node/harness.js';

/**
 * The client's side of §5 back-pressure: a full sink stops the client reading its socket; events wait
 * (in the network, or as raw frames already read) and arrive in order when the sink has room; a request
 * made meanwhile is still answered (no deadlock when the engine waits on that answer to drain).
 */
class GatedSink extends RecordingSink {
  private open: (() => void) | undefined;
  private gate: Promise<void> | undefined;
  close(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    const open = this.open;
    this.gate = undefined;
    this.open = undefined;
    open?.();
  }
  whenReady(): Promise<void> | undefined {
    return this.gate;
  }
}

let venue: SandboxVenue;
let client: SandboxExecutionClient;
let sink: GatedSink;

beforeEach(async () => {
  venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], accounts: [{ apiKey: 'k', apiSecret: 's' }] });
  venue.controls.setQuote('AUDUSD.SIM', { bid: '0.70000', ask: '0.70010' });
  sink = new GatedSink();
  client = new SandboxExecutionClient({ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's', clock: new LiveClock(), requestTimeoutMs: 5000, reconnect: false });
  client.setSink(sink);
  await client.connect();
});
afterEach(async () => {
  await client.disconnect();
  await venue.stop();
});

describe('reading pauses while the sink is full', () => {
  it('a full sink gets one event, the rest wait; released, all arrive in order', async () => {
    sink.close();
    for (let i = 1; i <= 200; i++) client.submitOrder(submitLimit(`O-${i}`, 'BUY', '100', '0.60000'));
    await sink.until(() => sink.events.length >= 1);
    // The venue has sent all 200 accepts (plus login_ok); a few loop turns for the socket to deliver (it must not).
    await until(() => venue.stats().framesOut >= 201, 5000, 'the venue to send 200 accepts');
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(sink.events.length).toBe(1);
    expect(client.readPauseCount).toBe(1);
    sink.release();
    await sink.until(() => sink.events.length === 200, 5000);
    expect(sink.events.map((e) => e.clientOrderId)).toEqual(Array.from({ length: 200 }, (_, i) => `O-${i + 1}`));
  });

  it('a request made while reading is paused is answered (the socket is read for it)', async () => {
    sink.close();
    for (let i = 1; i <= 50; i++) client.submitOrder(submitLimit(`O-${i}`, 'BUY', '100', '0.60000'));
    await sink.until(() => sink.events.length >= 1);
    const report = await client.generateOrderStatusReport({ clientOrderId: 'O-50' });
    expect([report?.status, report?.clientOrderId]).toEqual(['ACCEPTED', 'O-50']);
    sink.release();
    await sink.until(() => sink.events.length === 50, 5000);
    expect(new Set(sink.events.map((e) => e.clientOrderId)).size).toBe(50);
  });
});

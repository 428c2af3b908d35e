import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, createNode, startVenue } from './harness.js';
import type { TradingNode } from '../../../src/engine/node.js';
import { Strategy } from '../../../src/engine/strategy/strategy.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** Records what the node looked like when its hooks ran: the choreography's order, seen from a strategy. */
class Witness extends Strategy {
  host: TradingNode | undefined;
  readonly seen: string[] = [];
  private look(hook: string): void {
    const n = this.host!;
    this.seen.push(`${hook}: ${n.state} recon=${n.lastReconciliation?.trigger ?? 'none'} checks=${n.execEngine.checksArmed} venue=${n.venues[0]!.execConnection}`);
  }
  override onStart(): void { this.look('onStart'); }
  override onStop(): void { this.look('onStop'); }
  override onDispose(): void { this.look('onDispose'); }
}

describe('NodeLifecycle', () => {
  it('start: connect → reconcile → strategies → checks → RUNNING; stop: checks off → strategies → disconnect; dispose after', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    const { node } = await createNode(venue, { inflightCheckIntervalMs: 1000 });
    cleanup.add(() => node.dispose());
    const w = node.addStrategy(new Witness({}));
    w.host = node;
    await node.start();
    expect([node.state, node.execEngine.checksArmed]).toEqual(['RUNNING', true]);
    await node.stop();
    expect([node.state, node.execEngine.checksArmed, node.venues[0]!.execConnection]).toEqual(['STOPPED', false, 'CLOSED']);
    await node.dispose();
    expect(w.seen).toEqual([
      'onStart: STARTING recon=STARTUP checks=false venue=CONNECTED',
      'onStop: STOPPING recon=STARTUP checks=false venue=CONNECTED',
      'onDispose: STOPPED recon=STARTUP checks=false venue=CLOSED',
    ]);
    expect(node.state).toBe('DISPOSED');
  });

  it('stop before start and a second dispose change nothing; a disposed node refuses start and stop with NODE_DISPOSED', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    const { node } = await createNode(venue);
    await node.stop();
    expect(node.state).toBe('INITIALIZED');
    await node.dispose();
    await node.dispose();
    expect(node.state).toBe('DISPOSED');
    await expect(node.start()).rejects.toMatchObject({ code: 'NODE_DISPOSED' });
    await expect(node.stop()).rejects.toMatchObject({ code: 'NODE_DISPOSED' });
  });
});

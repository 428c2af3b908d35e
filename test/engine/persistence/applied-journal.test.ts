import { describe, expect, it } from 'vitest';
import { topics } from '../../../src/engine/bus/switchboard.js';
import type { Applied } from '../../../src/engine/execution/applied.js';
import { attachPersistence } from '../../../src/engine/persistence/attach.js';
import { MemoryPersistence } from '../../../src/engine/persistence/memory-persistence.js';
import type { JournalRecord } from '../../../src/engine/persistence/records.js';
import { harness, type HarnessOptions } from '../execution/harness.js';

/** The execution harness with a memory journal attached, every append and every published `Applied` recorded. */
async function journaled(options: HarnessOptions = {}) {
  const h = harness(options);
  const persistence = new MemoryPersistence();
  const appends: JournalRecord[][] = [];
  const append = persistence.append.bind(persistence);
  persistence.append = (records) => { appends.push([...records]); append(records); };
  const attachment = await attachPersistence({ cache: h.cache, bus: h.bus, instruments: h.instruments, logger: h.log, clock: h.clock }, persistence);
  const published: Applied[] = [];
  h.bus.subscribe<Applied>(topics.applied, (a) => published.push(a));
  appends.length = 0; // the 'attached' marker
  return { ...h, appends, published, attachment };
}

describe('the journal appends what the apply step returned', () => {
  it('a fill: the records hold the very event, fill and position event objects the bus published in the Applied', async () => {
    const j = await journaled();
    const order = j.trade('BUY', '100000', '1.00010');

    const fill = j.published.find((a) => a.event.type === 'OrderFilled')!;
    const fillAppend = j.appends.find((records) => records.some((r) => r.kind === 'order-event' && r.event.type === 'OrderFilled'))!;
    expect(fillAppend.map((r) => r.kind)).toEqual(['order-event', 'position-fill', 'position-event']);
    expect(fillAppend[0]!.kind === 'order-event' && fillAppend[0]!.event).toBe(fill.event);
    expect(fillAppend[1]!.kind === 'position-fill' && fillAppend[1]!.fill).toBe(fill.positions[0]!.fill);
    expect(fillAppend[2]!.kind === 'position-event' && fillAppend[2]!.event).toBe(fill.positions[0]!.event);
    // One append per applied event, in apply order: init (first heard of at OrderSubmitted), accepted, filled.
    expect(j.published.map((a) => a.event.type)).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
    expect(j.appends.map((records) => records.map((r) => (r.kind === 'order-event' ? r.event.type : r.kind)))).toEqual([
      ['OrderInitialized', 'OrderSubmitted'], ['OrderAccepted'], ['OrderFilled', 'position-fill', 'position-event'],
    ]);
    expect(j.appends[0]![0]!.kind === 'order-event' && j.appends[0]![0]!.event).toBe(order.init);
    await j.attachment.close();
  });

  it('a HEDGING flip: each position takes its part of the fill, journaled as the apply step split it', async () => {
    const j = await journaled({ strategyOms: 'HEDGING' });
    const buy = j.trade('BUY', '100000');
    j.trade('SELL', '150000', '1.00000', buy.positionId);

    const flip = j.published.at(-1)!;
    const records = j.appends.at(-1)!;
    expect(flip.positions.map((p) => [p.event.positionId, p.fill.lastQty.toString()])).toEqual([
      [buy.positionId, '100000'], [`${buy.positionId}F`, '50000'],
    ]);
    expect(records.filter((r) => r.kind === 'position-fill').map((r) => r.kind === 'position-fill' && r.fill)).toEqual(flip.positions.map((p) => p.fill));
    expect(records.filter((r) => r.kind === 'position-fill').every((r, i) => r.kind === 'position-fill' && r.fill === flip.positions[i]!.fill)).toBe(true);
    await j.attachment.close();
  });
});

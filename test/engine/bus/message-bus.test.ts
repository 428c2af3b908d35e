import { describe, expect, it } from 'vitest';
import { MessageBus, topics } from '../../../src/engine/bus/index.js';

/** A point-to-point endpoint name for these tests (the engine itself sends commands by direct calls). */
const ENDPOINT = 'Test.execute';
import { MemoryLogger } from '../../../src/engine/core/logger.js';

describe('MessageBus', () => {
  it('delivers a re-entrant publish after the current message reached every subscriber', () => {
    // Arrange
    const bus = new MessageBus();
    const seen: string[] = [];
    const topic = topics.orderEvents('EMACross-001');
    bus.subscribe<string>(topic, (m) => {
      seen.push(`A:${m}`);
      if (m === 'first') bus.publish(topic, 'second');
    });
    bus.subscribe<string>(topic, (m) => seen.push(`B:${m}`));

    // Act
    bus.publish(topic, 'first');

    // Assert: B sees 'first' before anyone sees 'second'
    expect(seen).toEqual(['A:first', 'B:first', 'A:second', 'B:second']);
    expect(bus.pending).toBe(0);
  });

  it('routes point-to-point sends in the same mailbox order', () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    bus.register<string>(ENDPOINT, (m) => seen.push(`exec:${m}`));
    bus.subscribe<string>('t', (m) => {
      seen.push(`sub:${m}`);
      bus.send(ENDPOINT, 'cmd');
      seen.push('handler-done');
    });

    bus.publish('t', 'evt');

    expect(seen).toEqual(['sub:evt', 'handler-done', 'exec:cmd']);
    expect(() => bus.send('Nobody.home', 1)).toThrow(/received 'Nobody.home'/);
    expect(() => bus.register(ENDPOINT, () => {})).toThrow(/already registered/);
  });

  it('matches exact topics and plain prefixes, and unsubscribes', () => {
    const bus = new MessageBus();
    const all: string[] = [];
    const one: string[] = [];
    bus.subscribe<string>(topics.allQuotes, (m) => all.push(m), { prefix: true });
    const off = bus.subscribe<string>(topics.quotes('AUDUSD.SIM'), (m) => one.push(m));

    bus.publish(topics.quotes('AUDUSD.SIM'), 'aud1');
    bus.publish(topics.quotes('EURUSD.SIM'), 'eur1');
    off();
    bus.publish(topics.quotes('AUDUSD.SIM'), 'aud2');
    bus.publish(topics.trades('AUDUSD.SIM'), 'trade');

    expect(one).toEqual(['aud1']);
    expect(all).toEqual(['aud1', 'eur1', 'aud2']);
    expect(bus.hasSubscribers(topics.quotes('AUDUSD.SIM'))).toBe(true);
    expect(bus.hasSubscribers(topics.trades('AUDUSD.SIM'))).toBe(false);
  });

  it('logs and counts a throwing handler; the others still get the message', () => {
    const log = new MemoryLogger();
    const bus = new MessageBus(log);
    const seen: number[] = [];
    bus.subscribe('t', () => { throw new Error('boom'); });
    bus.subscribe<number>('t', (m) => seen.push(m));

    bus.publish('t', 7);

    expect(seen).toEqual([7]);
    expect(bus.handlerErrors).toBe(1);
    expect(log.at('error')[0]!.fields).toMatchObject({ code: 'BUS_HANDLER_ERROR', where: 't', error: 'boom' });
  });
});

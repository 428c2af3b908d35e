import { describe, expect, it } from 'vitest';
import { defineMachine, movesTo } from '../../../src/engine/core/fsm.js';
import { EngineError } from '../../../src/engine/core/errors.js';
import { NodeStateMachine } from '../../../src/engine/node/node-state.js';
import { nextStrategyState } from '../../../src/engine/strategy/strategy-state.js';
import { nextConnectionState } from '../../../src/engine/venue/sandbox/connection-state.js';
import { transition, type VenueOrder } from '../../../src/sandbox/venue-order.js';
import { eventFor, orderIn } from '../model/builders.js';

type Door = 'OPEN' | 'CLOSED' | 'LOCKED';
type DoorEvent = 'open' | 'close' | 'lock' | 'unlock';
const door = defineMachine<Door, DoorEvent>('door', {
  OPEN: { close: 'CLOSED' },
  CLOSED: { open: 'OPEN', lock: 'LOCKED' },
  LOCKED: { unlock: 'CLOSED' },
});

describe('state machine helper', () => {
  it('answers can() from the table', () => {
    expect([door.can('OPEN', 'close'), door.can('OPEN', 'lock'), door.can('LOCKED', 'unlock')]).toEqual([true, false, true]);
  });

  it('next() returns the state the table names', () => {
    expect(door.next('CLOSED', 'lock')).toBe('LOCKED');
    expect(door.allowed('CLOSED')).toEqual(['open', 'lock']);
  });

  it('refuses a pair the table lacks with INVALID_STATE_TRANSITION, naming the machine, from and event', () => {
    let error: unknown;
    try {
      door.next('LOCKED', 'open', { subject: 'front door' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({
      code: 'INVALID_STATE_TRANSITION',
      details: { machine: 'door', from: 'LOCKED', event: 'open', allowed: ['unlock'] },
    });
    expect((error as Error).message).toBe(
      'invalid door state transition (front door): expected one of [unlock] from LOCKED, received LOCKED → open',
    );
  });

  it('lets a machine word what it received and add details', () => {
    const error = door.refuse('OPEN', 'lock', { received: 'a key turned in an open door', details: { by: 'test' } });
    expect(error.message).toBe('invalid door state transition: expected one of [close] from OPEN, received a key turned in an open door');
    expect(error.details).toEqual({ machine: 'door', from: 'OPEN', event: 'lock', allowed: ['close'], by: 'test' });
  });

  it('movesTo builds a table whose events are the target states', () => {
    const light = defineMachine('light', movesTo<'ON' | 'OFF' | 'BROKEN'>({ ON: ['OFF', 'BROKEN'], OFF: ['ON'], BROKEN: [] }));
    expect(light.table).toEqual({ ON: { OFF: 'OFF', BROKEN: 'BROKEN' }, OFF: { ON: 'ON' }, BROKEN: {} });
    expect(light.next('OFF', 'ON')).toBe('ON');
    expect(light.can('BROKEN', 'ON')).toBe(false);
    expect(() => light.next('BROKEN', 'ON')).toThrow('invalid light state transition: expected one of [] from BROKEN, received BROKEN → ON');
  });
});

describe('the five lifecycles share the helper', () => {
  function codeAndMachine(fn: () => unknown): [string, unknown] {
    try {
      fn();
    } catch (e) {
      return [(e as EngineError).code, (e as EngineError).details['machine']];
    }
    return ['none', undefined];
  }

  it('refuses with INVALID_STATE_TRANSITION naming the machine', () => {
    const node = new NodeStateMachine();
    const venueOrder = { venueOrderId: 'V-1', status: 'FILLED', tsLast: 0n } as unknown as VenueOrder;
    const order = orderIn('FILLED');
    expect([
      codeAndMachine(() => order.apply(eventFor(order, 'CANCELED'))),
      codeAndMachine(() => transition(venueOrder, 'ACCEPTED', 1n)),
      codeAndMachine(() => node.to('RUNNING')),
      codeAndMachine(() => nextStrategyState('RUNNING', 'dispose', 'S-001')),
      codeAndMachine(() => nextConnectionState('CONNECTED', 'CONNECTING')),
    ]).toEqual([
      ['INVALID_STATE_TRANSITION', 'order'],
      ['INVALID_STATE_TRANSITION', 'venue order'],
      ['INVALID_STATE_TRANSITION', 'node'],
      ['INVALID_STATE_TRANSITION', 'strategy'],
      ['INVALID_STATE_TRANSITION', 'connection'],
    ]);
    expect([venueOrder.status, venueOrder.tsLast, node.state]).toEqual(['FILLED', 0n, 'INITIALIZED']);
  });
});

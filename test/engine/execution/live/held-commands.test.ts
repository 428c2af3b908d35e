import { describe, expect, it } from 'vitest';
import { HeldCommands } from '../../../../src/engine/execution/live/held-commands.js';
import type { TradingCommand } from '../../../../src/engine/model/commands.js';

const base = { traderId: 'TRADER-001', strategyId: 'S-001', instrumentId: 'AUDUSD.SIM', tsInit: 1n };
const submit = (id: string): TradingCommand => ({ ...base, type: 'SubmitOrder', commandId: `S-${id}`, clientOrderId: id, order: { clientOrderId: id } } as unknown as TradingCommand);
const cancel = (id: string): TradingCommand => ({ ...base, type: 'CancelOrder', commandId: `C-${id}`, clientOrderId: id } as TradingCommand);
const cancelAll = (): TradingCommand => ({ ...base, type: 'CancelAllOrders', commandId: 'CA' } as TradingCommand);
const label = (c: TradingCommand): string => `${c.type}:${'clientOrderId' in c ? c.clientOrderId : '*'}`;
const settle = () => new Promise((r) => setTimeout(r, 0));

/** A dispatch like the core's: a submit of `heldId` answers with a promise the test resolves (Redis's ack). */
function dispatcher(heldIds: readonly string[]) {
  const ran: string[] = [];
  const acks = new Map<string, () => void>();
  const dispatch = (c: TradingCommand): void | Promise<void> => {
    ran.push(label(c));
    if (c.type === 'SubmitOrder' && heldIds.includes(c.clientOrderId)) return new Promise<void>((resolve) => acks.set(c.clientOrderId, resolve));
  };
  return { ran, dispatch, ack: (id: string) => acks.get(id)!() };
}

describe('HeldCommands: commands behind a submit waiting for its store acknowledgement', () => {
  it('a cancel of the held order waits for its submit; another order goes on at once', async () => {
    // Arrange
    const held = new HeldCommands(() => undefined);
    const d = dispatcher(['O-1']);
    // Act
    held.run(submit('O-1'), d.dispatch);
    held.run(cancel('O-1'), d.dispatch);
    held.run(submit('O-2'), d.dispatch);
    held.run(cancel('O-2'), d.dispatch);
    await settle();
    const beforeAck = [...d.ran];
    const holdsBefore = [held.holds('O-1'), held.holds('O-2')];
    d.ack('O-1');
    await held.settled();
    await settle();
    // Assert
    expect(beforeAck).toEqual(['SubmitOrder:O-1', 'SubmitOrder:O-2', 'CancelOrder:O-2']);
    expect(holdsBefore).toEqual([true, false]);
    expect(d.ran).toEqual(['SubmitOrder:O-1', 'SubmitOrder:O-2', 'CancelOrder:O-2', 'CancelOrder:O-1']);
    expect(held.size).toBe(0);
  });

  it('a cancel-all waits for every held submit, and commands after it wait for it', async () => {
    // Arrange
    const held = new HeldCommands(() => undefined);
    const d = dispatcher(['O-1', 'O-2']);
    // Act
    held.run(submit('O-1'), d.dispatch);
    held.run(submit('O-2'), d.dispatch);
    held.run(cancelAll(), d.dispatch);
    held.run(cancel('O-3'), d.dispatch);
    d.ack('O-2');
    await settle();
    const afterOneAck = [...d.ran];
    d.ack('O-1');
    await held.settled();
    await settle();
    // Assert
    expect(afterOneAck).toEqual(['SubmitOrder:O-1', 'SubmitOrder:O-2']);
    expect(d.ran).toEqual(['SubmitOrder:O-1', 'SubmitOrder:O-2', 'CancelAllOrders:*', 'CancelOrder:O-3']);
  });

  it('nothing held: every command is dispatched synchronously, in order', () => {
    const held = new HeldCommands(() => undefined);
    const d = dispatcher([]);
    held.run(submit('O-1'), d.dispatch);
    held.run(cancel('O-1'), d.dispatch);
    expect(d.ran).toEqual(['SubmitOrder:O-1', 'CancelOrder:O-1']);
    expect(held.size).toBe(0);
  });
});

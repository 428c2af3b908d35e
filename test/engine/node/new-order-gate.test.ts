import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/engine/core/errors.js';
import { MemoryLogger, rateLimitedWarn } from '../../../src/engine/core/logger.js';
import { TestClock } from '../../../src/engine/core/test-clock.js';
import type { TradingCommand } from '../../../src/engine/model/commands.js';
import { orderInitialized } from '../../../src/engine/model/event-factory.js';
import { JournalSafeState } from '../../../src/engine/node/journal-safe-state.js';
import { NewOrderGate } from '../../../src/engine/node/new-order-gate.js';
import { NodeStateMachine } from '../../../src/engine/node/node-state.js';

/** The gate between a real state table and journal safe state; what it forwards and denies is recorded. */
function gate() {
  const clock = new TestClock(0n);
  const logger = new MemoryLogger(clock);
  const fsm = new NodeStateMachine();
  const journal = new JournalSafeState(fsm, logger);
  const forwarded: string[] = [];
  const denied: Array<[string, string]> = [];
  const g = new NewOrderGate({
    state: () => fsm.state, journal, forward: (c) => forwarded.push(c.type), deny: (init, reason) => denied.push([init.clientOrderId, reason.split(':')[0]!]),
    warn: rateLimitedWarn(logger, clock),
  });
  fsm.to('STARTING');
  fsm.to('RUNNING');
  return { g, fsm, journal, forwarded, denied, logger };
}

const init = orderInitialized({ traderId: 'T', strategyId: 'S', instrumentId: 'AUDUSD.SIM', clientOrderId: 'O-1', side: 'BUY', orderType: 'MARKET', quantity: '1', tsInit: 0n });
const submit: TradingCommand = { type: 'SubmitOrder', commandId: 'C-1', traderId: 'T', strategyId: 'S', instrumentId: 'AUDUSD.SIM', clientOrderId: 'O-1', order: init, tsInit: 0n };
const cancel: TradingCommand = { type: 'CancelOrder', commandId: 'C-2', traderId: 'T', strategyId: 'S', instrumentId: 'AUDUSD.SIM', clientOrderId: 'O-1', tsInit: 0n };

describe('NewOrderGate', () => {
  it('a running node forwards new orders and cancels', () => {
    const { g, forwarded, denied } = gate();
    g.execute(submit);
    g.execute(cancel);
    expect([forwarded, denied]).toEqual([['SubmitOrder', 'CancelOrder'], []]);
  });

  it('a stopping node denies new orders (NODE_STOPPING) except the flatten policy\'s close; cancels go on', () => {
    const { g, fsm, forwarded, denied } = gate();
    fsm.to('STOPPING');
    g.execute(submit);
    g.execute(cancel);
    const closed = g.closing(() => { g.execute(submit); return 'closed'; });
    g.execute(submit);
    expect([forwarded, denied, closed]).toEqual([['CancelOrder', 'SubmitOrder'], [['O-1', 'NODE_STOPPING'], ['O-1', 'NODE_STOPPING']], 'closed']);
  });

  it('while the journal cannot write, new orders are denied (JOURNAL_UNWRITABLE, warned) and cancels go on; then trading resumes', () => {
    const { g, journal, fsm, forwarded, denied, logger } = gate();
    journal.onHealth(new EngineError('JOURNAL_UNWRITABLE', 'disk full'));
    g.execute(submit);
    g.execute(cancel);
    expect([fsm.state, forwarded, denied]).toEqual(['DEGRADED', ['CancelOrder'], [['O-1', 'JOURNAL_UNWRITABLE']]]);
    expect(logger.messages('warn')).toContain('order denied: the journal cannot write (safe state)');
    journal.onHealth(undefined);
    g.execute(submit);
    expect([fsm.state, forwarded]).toEqual(['RUNNING', ['CancelOrder', 'SubmitOrder']]);
  });
});

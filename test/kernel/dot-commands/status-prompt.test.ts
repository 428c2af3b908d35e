import { describe, expect, it } from 'vitest';
import { promptStatus } from '../../../src/kernel/dot-commands/status-prompt.js';
import { circuitBreakerNotice } from '../../../src/kernel/session/trading-notice.js';
import type { ConfigChange } from '../../../src/engine/index.js';

const node = (tradingState: string, ...dayPnl: string[]) => ({
  tradingState,
  portfolio: { summary: () => ({ currencies: dayPnl.map((d) => ({ currency: d.split(' ')[1]!, dayPnl: d })) }) },
});

describe('the status before the prompt', () => {
  it('nothing when ACTIVE and flat for the day: the prompt stays `keel> `', () => {
    expect(promptStatus(node('ACTIVE'), false)).toBe('');
    expect(promptStatus(node('ACTIVE', '0 USDT', '0.00000000 USD'), false)).toBe('');
  });

  it('the state when not ACTIVE, the day PnL with its sign when not zero', () => {
    expect(promptStatus(node('HALTED', '-12.40 USDT'), false)).toBe('[HALTED -12.40 USDT] ');
    expect(promptStatus(node('REDUCING'), false)).toBe('[REDUCING] ');
    expect(promptStatus(node('ACTIVE', '3.20 USDT', '0 USD'), false)).toBe('[+3.20 USDT] ');
  });

  it('in colour: HALTED red, REDUCING amber, a loss red, a gain green', () => {
    expect(promptStatus(node('HALTED', '-12.40 USDT'), true)).toBe('[\x1b[31m\x1b[1mHALTED\x1b[22m\x1b[39m \x1b[31m-12.40 USDT\x1b[39m] ');
    expect(promptStatus(node('REDUCING', '1 USDT'), true)).toBe('[\x1b[33m\x1b[1mREDUCING\x1b[22m\x1b[39m \x1b[32m+1 USDT\x1b[39m] ');
  });

  it('a node with no portfolio, or one that throws, shows its state alone', () => {
    expect(promptStatus({ tradingState: 'HALTED' }, false)).toBe('[HALTED] ');
    expect(promptStatus({ tradingState: 'ACTIVE', portfolio: { summary: () => { throw new Error('gone'); } } }, false)).toBe('');
  });
});

describe('the circuit breaker notice', () => {
  const change = (source: string): ConfigChange => ({
    kind: 'ConfigChange', changeId: 'CC-1', target: 'tradingState', source,
    changes: [{ key: 'tradingState', before: 'ACTIVE', after: 'HALTED' }, { key: 'reason', before: undefined, after: 'loss circuit breaker: day PnL -15 USDT at or below -10 USDT' }],
    tsEvent: 0n,
  } as unknown as ConfigChange);

  it('names the move and the reason for a change made by the breaker; nothing for anyone else', () => {
    expect(circuitBreakerNotice(change('circuit-breaker'))).toBe('LOSS CIRCUIT BREAKER TRIPPED: trading state ACTIVE -> HALTED (loss circuit breaker: day PnL -15 USDT at or below -10 USDT); node.resume() trades again');
    expect(circuitBreakerNotice(change('repl'))).toBeUndefined();
  });
});

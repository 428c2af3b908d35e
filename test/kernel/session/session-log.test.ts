import { describe, expect, it } from 'vitest';
import { SessionLog, formatLogLine } from '../../../src/kernel/session/session-log.js';

describe('SessionLog', () => {
  it('keeps info and above, shows warnings and errors as one line each through the sink', () => {
    const log = new SessionLog();
    const shown: string[] = [];
    log.sink = (line) => shown.push(line);

    log.debug('noise');
    log.info('journal: cache restored', { orders: 0 });
    log.warn('protective order rejected', { clientOrderId: 'O-1', code: 'REDUCE_ONLY_WOULD_INCREASE', extra: 'not shown' });
    log.error('order event refused');

    expect(log.entries.map((e) => e.level)).toEqual(['info', 'warn', 'error']);
    expect(shown).toEqual(['[warn] protective order rejected (code=REDUCE_ONLY_WOULD_INCREASE clientOrderId=O-1)', '[error] order event refused']);
  });

  it('formats an entry without identifying fields as the bare message', () => {
    expect(formatLogLine({ level: 'info', msg: 'connected', fields: { ms: 3 } })).toBe('[info] connected');
  });
});

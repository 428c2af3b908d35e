import { describe, expect, it } from 'vitest';
import { JsonLinesLogger, MemoryLogger, noopLogger, rateLimitedWarn } from '../../../src/engine/core/logger.js';
import { TestClock } from '../../../src/engine/core/test-clock.js';
import { Price } from '../../../src/engine/core/decimal.js';

describe('logger', () => {
  it('writes one JSON object per line with bigints and decimals as text', () => {
    const lines: string[] = [];
    const clock = new TestClock(42n);
    const log = new JsonLinesLogger({ clock, write: (l) => lines.push(l), base: { component: 'ExecEngine' } });

    log.info('order filled', { px: Price.from('1.00010'), ts: 7n });
    log.debug('hidden at info level');

    expect(lines).toEqual(['{"level":"info","msg":"order filled","component":"ExecEngine","px":"1.00010","ts":"42"}\n']);
  });

  it('keeps entries in memory and the no-op logger accepts everything', () => {
    const log = new MemoryLogger();
    log.warn('w1', { code: 'X' });
    log.error('e1');
    noopLogger.error('ignored');
    expect(log.messages()).toEqual(['w1', 'e1']);
    expect(log.at('warn')[0]!.fields).toEqual({ code: 'X' });
  });

  it('rate-limits a warning to once per second per key on the clock', () => {
    const clock = new TestClock(0n);
    const log = new MemoryLogger();
    const warn = rateLimitedWarn(log, clock);

    const results = [warn('q', 'queue full'), warn('q', 'queue full'), warn('other', 'other')];
    clock.setTime(999_999_999n);
    results.push(warn('q', 'queue full'));
    clock.setTime(1_000_000_000n);
    results.push(warn('q', 'queue full'));

    expect(results).toEqual([true, false, true, false, true]);
    expect(log.messages('warn')).toEqual(['queue full', 'other', 'queue full']);
  });
});
